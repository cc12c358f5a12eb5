import { KafkaJSConnectionError, KafkaJSProtocolError, type Kafka } from 'kafkajs';
import { LogError, LogErrorKind } from '../log-backend';
import { KafkaProducer } from './kafka-producer';

/** A kafkajs stand-in: every producer() call makes a new fake whose send() runs the next scripted outcome. */
function fakeKafka(outcomes: Array<'ok' | Error>) {
  const producers: Array<{ sends: number; disconnects: number }> = [];
  const kafka = {
    producer: () => {
      const state = { sends: 0, disconnects: 0 };
      producers.push(state);
      return {
        connect: async () => undefined,
        disconnect: async () => void state.disconnects++,
        send: async () => {
          state.sends++;
          const next = outcomes.shift() ?? 'ok';
          if (next !== 'ok') throw next;
          return [];
        },
      };
    },
  } as unknown as Kafka;
  return { kafka, producers };
}

const record = { value: Buffer.from('x'), headers: {} };
const protocolError = (type: string) => new KafkaJSProtocolError({ type, message: type, retriable: false, code: 45 } as never);

describe('KafkaProducer', () => {
  it('reuses one producer while sends succeed', async () => {
    const { kafka, producers } = fakeKafka(['ok', 'ok']);
    const p = new KafkaProducer(kafka, 1, 5000);
    await p.produce('t', [record]);
    await p.produce('t', [record]);
    expect(producers).toHaveLength(1);
    await p.close();
    expect(producers[0].disconnects).toBe(1);
  });

  it('replaces the producer after a failed send (its sequence numbers are no longer trustworthy)', async () => {
    const { kafka, producers } = fakeKafka([new KafkaJSConnectionError('down'), 'ok']);
    const p = new KafkaProducer(kafka, 1, 5000);
    const error = await p.produce('t', [record]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogError);
    expect((error as LogError).kind).toBe(LogErrorKind.Unavailable);
    await p.produce('t', [record]);
    expect(producers).toHaveLength(2);
    expect(producers[0].disconnects).toBe(1);
    await p.close();
    expect(producers[1].disconnects).toBe(1);
  });

  it('retries once with a new producer id when the broker refused the producer state', async () => {
    const { kafka, producers } = fakeKafka([protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER'), 'ok']);
    const p = new KafkaProducer(kafka, 1, 5000);
    await p.produce('t', [record]);
    expect(producers.map((x) => x.sends)).toEqual([1, 1]);
    await p.close();
  });

  it('forgetting a topic it sent to replaces the producer (kafkajs would keep refreshing its metadata); others keep it', async () => {
    const { kafka, producers } = fakeKafka([]);
    const p = new KafkaProducer(kafka, 1, 5000);
    await p.produce('kept', [record]);
    p.forgetTopic('never-sent');
    await p.produce('kept', [record]);
    expect(producers).toHaveLength(1);
    p.forgetTopic('kept');
    await p.produce('other', [record]);
    expect(producers).toHaveLength(2);
    expect(producers[0].disconnects).toBe(1);
    await p.close();
  });

  it('rejects with Unavailable when no acknowledgement comes in time', async () => {
    const kafka = {
      producer: () => ({ connect: async () => undefined, disconnect: async () => undefined, send: () => new Promise(() => undefined) }),
    } as unknown as Kafka;
    const p = new KafkaProducer(kafka, 1, 50);
    await expect(p.produce('t', [record])).rejects.toMatchObject({ kind: LogErrorKind.Unavailable });
  });
});
