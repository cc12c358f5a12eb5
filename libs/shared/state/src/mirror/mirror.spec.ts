import { Mirror, MirrorSink, MirrorSource } from './mirror';

/** A source whose loads the test resolves by hand, and whose events it pushes. */
class ManualSource implements MirrorSource<number[], number> {
  sink?: MirrorSink<number>;
  loads: Array<{ resolve(s: number[] | null): void; reject(e: Error): void }> = [];

  load(): Promise<number[] | null> {
    return new Promise((resolve, reject) => this.loads.push({ resolve, reject }));
  }
  async subscribe(sink: MirrorSink<number>): Promise<void> {
    this.sink = sink;
  }
  /** Settles the oldest pending load. */
  answer(snapshot: number[] | null | Error): void {
    const load = this.loads.shift();
    if (!load) throw new Error('no load pending');
    if (snapshot instanceof Error) load.reject(snapshot);
    else load.resolve(snapshot);
  }
}

const quiet = { warn: () => undefined, log: () => undefined };
const tick = () => new Promise((r) => setImmediate(r));

function mirrorOf(source: ManualSource, reloadIntervalMs = 60_000) {
  return new Mirror<number[], number[], number>({
    name: 'test',
    source,
    logger: quiet,
    reloadIntervalMs,
    bootRetryMs: 10,
    adopt: (snapshot) => [...snapshot],
    apply: (state, event) => void state.push(event),
  });
}

describe('Mirror', () => {
  let source: ManualSource;
  let mirror: Mirror<number[], number[], number>;

  beforeEach(() => {
    source = new ManualSource();
    mirror = mirrorOf(source);
  });
  afterEach(async () => {
    while (source.loads.length) source.answer(null);
    await mirror.stop();
  });

  it('is not loaded until a complete snapshot was read, then holds it', async () => {
    mirror.start();
    expect(mirror.isLoaded()).toBe(false);
    expect(mirror.state).toBeUndefined();
    source.answer([1, 2]);
    await tick();
    expect(mirror.isLoaded()).toBe(true);
    expect(mirror.state).toEqual([1, 2]);
  });

  it('applies an event at once', async () => {
    mirror.start();
    source.answer([1]);
    await tick();
    source.sink!.event(7);
    expect(mirror.state).toEqual([1, 7]);
  });

  it('replays events that arrive during a reload onto the new snapshot, in arrival order, before it replaces the held state', async () => {
    mirror.start();
    source.answer([1]);
    await tick();
    const reload = mirror.reload();
    source.sink!.event(5); // the store was read before this change was written
    source.sink!.event(6);
    expect(mirror.state).toEqual([1, 5, 6]); // applied at once meanwhile
    source.answer([1, 2]); // the snapshot lacks both
    expect(await reload).toBe('loaded');
    expect(mirror.state).toEqual([1, 2, 5, 6]);
    source.sink!.event(8); // after the swap: applied once, not recorded for a replay
    expect(mirror.state).toEqual([1, 2, 5, 6, 8]);
  });

  it('replays events that arrive during the first load', async () => {
    mirror.start();
    source.sink!.event(3);
    source.answer([1]);
    await tick();
    expect(mirror.state).toEqual([1, 3]);
  });

  it('keeps the last known state when the source holds no complete snapshot or is unreachable', async () => {
    mirror.start();
    source.answer([1, 2]);
    await tick();
    const empty = mirror.reload();
    source.answer(null);
    expect(await empty).toBe('incomplete');
    expect(mirror.state).toEqual([1, 2]);
    const down = mirror.reload();
    source.answer(new Error('ECONNREFUSED'));
    expect(await down).toBe('failed');
    expect(mirror.state).toEqual([1, 2]);
    source.sink!.event(3); // events still apply meanwhile
    expect(mirror.state).toEqual([1, 2, 3]);
    expect(mirror.isLoaded()).toBe(true);
  });

  it('shares one run between concurrent reloads', async () => {
    mirror.start();
    source.answer([1]);
    await tick();
    const a = mirror.reload();
    const b = mirror.reload();
    expect(source.loads).toHaveLength(1);
    source.answer([2]);
    expect(await Promise.all([a, b])).toEqual(['loaded', 'loaded']);
  });

  it('reloads when the source says events may have been missed', async () => {
    mirror.start();
    source.answer([1]);
    await tick();
    source.sink!.reload();
    expect(source.loads).toHaveLength(1);
    source.answer([1, 9]);
    await tick();
    expect(mirror.state).toEqual([1, 9]);
  });

  it('retries the first load quickly, then reloads on its period', async () => {
    jest.useFakeTimers();
    try {
      const s = new ManualSource();
      const m = mirrorOf(s, 5_000);
      m.start();
      s.answer(new Error('down'));
      await Promise.resolve();
      await Promise.resolve();
      await jest.advanceTimersByTimeAsync(10); // bootRetryMs
      expect(s.loads).toHaveLength(1);
      s.answer([1]);
      await jest.advanceTimersByTimeAsync(4_999);
      expect(s.loads).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(1);
      expect(s.loads).toHaveLength(1);
      s.answer([2]);
      await jest.advanceTimersByTimeAsync(0);
      expect(m.state).toEqual([2]);
      await m.stop();
    } finally {
      jest.useRealTimers();
    }
  });
});
