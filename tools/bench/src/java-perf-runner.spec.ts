import { javaConsumerProps, javaProducerProps, parseConsumerSummary, parseProducerSummary, parseTimes } from './java-perf-runner';

// Output recorded from kafka-tools 3.9.2 on this host (ProducerPerformance, ConsumerPerformance, bash `times`).
const producerOut = [
  '53210 records sent, 10642.0 records/sec (10.39 MB/sec), 1201.4 ms avg latency, 1733.0 ms max latency.',
  '100000 records sent, 37188.545928 records/sec (36.32 MB/sec), 505.12 ms avg latency, 731.00 ms max latency, 473 ms 50th, 724 ms 95th, 729 ms 99th, 730 ms 99.9th.',
].join('\n');
const consumerOut = [
  'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec',
  '2026-12-02 12:16:20:554, 2026-12-02 12:16:22:468, 97.6563, 51.0221, 100000, 52246.6040, 664, 1250, 78.1250, 80000.0000',
].join('\n');
const timesErr = 'log4j:WARN No appenders could be found\n0m0.000s 0m0.003s\n0m3.781s 0m0.412s\n';

describe('Java perf tool output', () => {
  it('reads the producer summary line, not the progress lines', () => {
    expect(parseProducerSummary(producerOut)).toEqual({ records: 100000, perSec: 37188.545928, mbPerSec: 36.32, p50: 473, p99: 729, p999: 730 });
    expect(parseProducerSummary('nothing')).toBeNull();
  });

  it('reads the consumer rate without the group join (fetch.* columns)', () => {
    expect(parseConsumerSummary(consumerOut)).toEqual({ messages: 100000, mb: 97.6563, fetchMs: 1250, perSec: 80000, mbPerSec: 78.125 });
    expect(parseConsumerSummary('start.time, end.time\n')).toBeNull();
  });

  it("takes the children's CPU from bash's times", () => {
    expect(parseTimes(timesErr)).toBeCloseTo(4.193, 3);
    expect(parseTimes('no times')).toBeNull();
  });

  it('sizes producer batches to the workload and keeps acks=all with idempotence', () => {
    const p = javaProducerProps({ id: 'b', kind: 'produce-batch', size: 1024, batch: 1000, concurrency: 1 }, '127.0.0.1:9092');
    expect(p).toMatchObject({ acks: 'all', 'enable.idempotence': 'true', 'batch.size': '1000000' });
    expect(Number(p['max.request.size'])).toBeGreaterThan(1_000_000);
    expect(javaProducerProps({ id: 's', kind: 'produce-single', size: 100, concurrency: 1 }, 'x')['batch.size']).toBe('16384');
    expect(javaConsumerProps({ id: 'c', kind: 'consume-batch', size: 1024, batch: 100, prefill: 10 }, 'x')['max.poll.records']).toBe('100');
  });
});
