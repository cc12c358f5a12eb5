import { MemoryLeaseStore } from './lease-store';

describe('MemoryLeaseStore', () => {
  let now = 0;
  const store = new MemoryLeaseStore(() => now);

  it('gives a lease to one holder until it lapses or is released', async () => {
    expect(await store.acquire('g', 'a', 100)).toBe('a');
    expect(await store.acquire('g', 'b', 100)).toBe('a');
    expect(await store.renew('g', 'b', 100)).toBe(false);
    now = 90;
    expect(await store.renew('g', 'a', 100)).toBe(true);
    now = 180;
    expect(await store.holder('g')).toBe('a');
    now = 191;
    expect(await store.holder('g')).toBeNull();
    expect(await store.renew('g', 'a', 100)).toBe(true); // lapsed and free: its holder takes it again
    now = 300;
    expect(await store.acquire('g', 'b', 100)).toBe('b');
    expect(await store.renew('g', 'a', 100)).toBe(false);
    await store.release('g', 'a'); // not a's: no effect
    expect(await store.holder('g')).toBe('b');
    await store.release('g', 'b');
    expect(await store.holder('g')).toBeNull();
  });

  it('lists live members', async () => {
    now = 0;
    await store.announce('x', 100);
    await store.announce('y', 50);
    now = 60;
    expect(await store.members()).toEqual(['x']);
    await store.withdraw('x');
    expect(await store.members()).toEqual([]);
  });
});
