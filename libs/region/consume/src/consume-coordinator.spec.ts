import type { DeliveredBatch, FetchRequest, LogBackend } from '@restgw/message-log';
import { ConsumeCoordinator, type ConsumeCall } from './consume-coordinator';
import { MemoryLeaseStore, type LeaseStore } from './lease-store';

/** A log with nothing to read: fetch waits out its time and answers empty. */
const emptyLog = {
  fetch: (r: FetchRequest) => new Promise<DeliveredBatch>((resolve) => setTimeout(() => resolve({ records: [], commit: async () => undefined, release: async () => undefined }), r.maxWaitMs)),
  closeGroup: async () => undefined,
} as unknown as LogBackend;

/** A lease store that can be made to fail (reject) or hang, and to lose everything (an empty restart). */
class FlakyStore implements LeaseStore {
  inner = new MemoryLeaseStore();
  mode: 'up' | 'down' | 'hang' = 'up';
  private call<T>(f: () => Promise<T>): Promise<T> {
    if (this.mode === 'down') return Promise.reject(new Error('connect ECONNREFUSED'));
    if (this.mode === 'hang') return new Promise<T>(() => undefined);
    return f();
  }
  acquire = (k: string, h: string, t: number) => this.call(() => this.inner.acquire(k, h, t));
  holder = (k: string) => this.call(() => this.inner.holder(k));
  renew = (k: string, h: string, t: number) => this.call(() => this.inner.renew(k, h, t));
  release = (k: string, h: string) => this.call(() => this.inner.release(k, h));
  announce = (m: string, t: number) => this.call(() => this.inner.announce(m, t));
  withdraw = (m: string) => this.call(() => this.inner.withdraw(m));
  members = () => this.call(() => this.inner.members());
  wipe(): void {
    this.inner = new MemoryLeaseStore();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ref = { topic: 't', group: 'g' };
const call = (maxWaitMs: number, extra: Partial<ConsumeCall> = {}): ConsumeCall => ({ consumer: 'c', maxRecords: 10, maxWaitMs, hops: 0, ...extra });

describe('ConsumeCoordinator', () => {
  const coordinators: ConsumeCoordinator[] = [];
  const coordinator = (store: LeaseStore, selfUrl: string, leaseTtlMs = 600) => {
    const c = new ConsumeCoordinator({ log: emptyLog, store, selfUrl, leaseTtlMs, visibilityTimeoutMs: 5_000, groupIdleMs: 60_000, drainTimeoutMs: 0 });
    coordinators.push(c);
    return c;
  };
  afterEach(async () => {
    await Promise.all(coordinators.splice(0).map((c) => c.shutdown()));
  });

  it('answers within its wait when the lease store hangs, and 503 only when time is left', async () => {
    const store = new FlakyStore();
    store.mode = 'hang';
    const a = coordinator(store, 'http://a');
    const started = Date.now();
    expect(await a.consume(ref, call(300), async () => null)).toEqual({ local: expect.objectContaining({ records: [] }) });
    expect(Date.now() - started).toBeLessThan(600);
    await expect(a.consume(ref, call(3_000), async () => null)).rejects.toThrow(/lease store unavailable/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('forwards to the last known owner while the store is unreachable', async () => {
    const store = new FlakyStore();
    await store.inner.acquire('g', 'http://b 1', 60_000);
    const a = coordinator(store, 'http://a');
    const targets: string[] = [];
    const forward = async (url: string) => (targets.push(url), 'answer');
    expect(await a.consume(ref, call(500), forward)).toEqual({ remote: 'answer' });
    store.mode = 'down';
    expect(await a.consume(ref, call(500), forward)).toEqual({ remote: 'answer' });
    expect(await a.ack(ref, 'c', undefined, 0, forward)).toEqual({ remote: 'answer' });
    expect(targets).toEqual(['http://b', 'http://b', 'http://b']);
  });

  it('keeps serving its group through a store outage and takes the lease again when the store comes back empty', async () => {
    const store = new FlakyStore();
    const a = coordinator(store, 'http://a', 300);
    await a.consume(ref, call(100), async () => null);
    expect(a.ownedGroups()).toEqual(['g']);
    store.mode = 'down';
    await sleep(900); // three lease lifetimes without a renewal
    expect(a.ownedGroups()).toEqual(['g']);
    expect(await a.consume(ref, call(100), async () => 'forwarded')).toEqual({ local: expect.anything() });
    store.wipe();
    store.mode = 'up';
    await sleep(250);
    expect(await store.inner.holder('g')).toBe(a.id);
  });

  it('gives up its group when another replica holds the lease', async () => {
    const store = new FlakyStore();
    const a = coordinator(store, 'http://a', 300);
    await a.consume(ref, call(100), async () => null);
    store.wipe();
    await store.inner.acquire('g', 'http://b 1', 60_000);
    await sleep(250);
    expect(a.ownedGroups()).toEqual([]);
  });

  it('just after a store outage, sends a group whose lease looks free to its last known owner instead of taking it', async () => {
    const store = new FlakyStore();
    await store.inner.acquire('g', 'http://b 1', 60_000);
    const a = coordinator(store, 'http://a');
    const targets: string[] = [];
    const forward = async (url: string) => (targets.push(url), 'answer');
    await a.consume(ref, call(500), forward);
    store.mode = 'down';
    await a.consume(ref, call(500), forward);
    store.wipe(); // back, but empty: b takes its lease again at its next renewal
    store.mode = 'up';
    expect(await a.consume(ref, call(500), forward)).toEqual({ remote: 'answer' });
    expect(targets).toEqual(['http://b', 'http://b', 'http://b']);
    expect(await store.inner.holder('g')).toBeNull();
  });

  it('a request waiting for an unreachable owner answers at once with nothing when aborted (the server closes)', async () => {
    const store = new FlakyStore();
    await store.inner.acquire('g', 'http://b 1', 60_000);
    const a = coordinator(store, 'http://a');
    const controller = new AbortController();
    const started = Date.now();
    const pending = a.consume(ref, call(10_000, { signal: controller.signal }), () => sleep(50).then(() => null));
    setTimeout(() => controller.abort(), 300);
    expect(await pending).toEqual({ local: expect.objectContaining({ records: [] }) });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
