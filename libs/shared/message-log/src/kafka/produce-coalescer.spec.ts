import { LogError, LogErrorKind, type ProduceRecord } from '../log-backend';
import { ProduceCoalescer } from './produce-coalescer';

const rec = (text: string): ProduceRecord => ({ value: Buffer.from(text), headers: {} });
const texts = (records: ProduceRecord[]) => records.map((r) => r.value.toString());

/** A fake send whose calls stay pending until the test settles them. */
function controlledSend() {
  const calls: Array<{ topic: string; records: string[]; resolve(): void; reject(e: unknown): void }> = [];
  const send = (topic: string, records: ProduceRecord[]) =>
    new Promise<void>((resolve, reject) => calls.push({ topic, records: texts(records), resolve, reject }));
  return { calls, send };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('ProduceCoalescer', () => {
  it('sends the first call at once and coalesces calls made while it is in flight into one send', async () => {
    const { calls, send } = controlledSend();
    const c = new ProduceCoalescer(send);
    const first = c.produce('t', [rec('a')]);
    expect(calls.map((x) => x.records)).toEqual([['a']]); // no linger timer on an idle topic
    const second = c.produce('t', [rec('b'), rec('c')]);
    const third = c.produce('t', [rec('d')]);
    await tick();
    expect(calls).toHaveLength(1);
    calls[0].resolve();
    await first;
    await tick();
    expect(calls.map((x) => x.records)).toEqual([['a'], ['b', 'c', 'd']]);
    calls[1].resolve();
    await expect(Promise.all([second, third])).resolves.toBeDefined();
  });

  it('keeps topics apart (one send in flight per topic, in parallel across topics)', async () => {
    const { calls, send } = controlledSend();
    const c = new ProduceCoalescer(send);
    const a = c.produce('t1', [rec('a')]);
    const b = c.produce('t2', [rec('b')]);
    expect(calls.map((x) => [x.topic, x.records])).toEqual([
      ['t1', ['a']],
      ['t2', ['b']],
    ]);
    calls.forEach((x) => x.resolve());
    await Promise.all([a, b]);
  });

  it('rejects every caller of a failed send with the error', async () => {
    const { calls, send } = controlledSend();
    const c = new ProduceCoalescer(send);
    const first = c.produce('t', [rec('a')]);
    const second = c.produce('t', [rec('b')]);
    const third = c.produce('t', [rec('c')]);
    calls[0].resolve();
    await first;
    await tick();
    const down = new LogError(LogErrorKind.Unavailable, 'down');
    calls[1].reject(down);
    await expect(second).rejects.toBe(down);
    await expect(third).rejects.toBe(down);
  });

  it('retries a combined send refused as too large caller by caller, so only the oversized caller fails', async () => {
    const sent: string[][] = [];
    let releaseWarmup!: () => void;
    const c = new ProduceCoalescer(async (_topic, records) => {
      sent.push(texts(records));
      if (sent.length === 1) await new Promise<void>((r) => (releaseWarmup = r)); // keeps the next calls queued
      if (records.some((r) => r.value.toString() === 'huge')) throw new LogError(LogErrorKind.TooLarge, 'too large');
    });
    const warmup = c.produce('t', [rec('warmup')]);
    const ok1 = c.produce('t', [rec('a')]);
    const bad = c.produce('t', [rec('huge')]);
    const ok2 = c.produce('t', [rec('b')]);
    releaseWarmup();
    await warmup;
    await expect(ok1).resolves.toBeUndefined();
    await expect(ok2).resolves.toBeUndefined();
    await expect(bad).rejects.toMatchObject({ kind: LogErrorKind.TooLarge });
    expect(sent).toEqual([['warmup'], ['a', 'huge', 'b'], ['a'], ['huge'], ['b']]);
  });

  it('splits a caller over the byte budget and resolves it once every part is stored', async () => {
    const sent: string[][] = [];
    const c = new ProduceCoalescer(async (_t, records) => void sent.push(texts(records)), 100);
    const big = 'x'.repeat(40);
    await c.produce('t', [rec(big), rec(big), rec(big)]);
    expect(sent.map((s) => s.length)).toEqual([1, 1, 1]);
  });

  it('skips the remaining parts of a caller whose earlier part failed', async () => {
    const sent: number[] = [];
    const c = new ProduceCoalescer(async (_t, records) => {
      sent.push(records.length);
      if (sent.length === 1) throw new LogError(LogErrorKind.Unavailable, 'down');
    }, 100);
    const big = 'x'.repeat(40);
    await expect(c.produce('t', [rec(big), rec(big), rec(big)])).rejects.toMatchObject({ kind: LogErrorKind.Unavailable });
    await tick();
    expect(sent).toEqual([1]);
  });

  it('resolves an empty produce without sending', async () => {
    const send = jest.fn();
    await new ProduceCoalescer(send).produce('t', []);
    expect(send).not.toHaveBeenCalled();
  });
});

describe('ProduceCoalescer.drain', () => {
  it('resolves once every accepted record was sent', async () => {
    const { calls, send } = controlledSend();
    const c = new ProduceCoalescer(send);
    const a = c.produce('t', [rec('a')]);
    const b = c.produce('t', [rec('b')]);
    let drained = false;
    const draining = c.drain().then(() => (drained = true));
    calls[0].resolve();
    await a;
    await tick();
    expect(drained).toBe(false);
    calls[1].resolve();
    await Promise.all([b, draining]);
    expect(drained).toBe(true);
  });
});
