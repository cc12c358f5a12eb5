import { ConcurrencySlots, LocalShareConcurrencySlots, MemoryConcurrencySlots } from './concurrency-slots';

/** The shared slots, counting the calls that would be store round trips. */
class CountingSlots implements ConcurrencySlots {
  readonly inner = new MemoryConcurrencySlots();
  calls = 0;
  enter(key: string, slotId: string, limit: number, ttlMs: number): Promise<boolean> {
    this.calls++;
    return this.inner.enter(key, slotId, limit, ttlMs);
  }
  leave(key: string, slotId: string): Promise<void> {
    this.calls++;
    return this.inner.leave(key, slotId);
  }
}

describe('LocalShareConcurrencySlots', () => {
  it('serves 5% of a limit from memory, beyond that from the shared slots', async () => {
    const shared = new CountingSlots();
    const slots = new LocalShareConcurrencySlots(shared);
    // limit 100: 5 local slots, then the store's 100.
    for (let i = 0; i < 5; i++) expect(await slots.enter('a', `l${i}`, 100, 1000)).toBe(true);
    expect(shared.calls).toBe(0);
    for (let i = 0; i < 100; i++) expect(await slots.enter('a', `s${i}`, 100, 1000)).toBe(true);
    expect(await slots.enter('a', 'over', 100, 1000)).toBe(false);
    expect(shared.calls).toBe(101);
    // A freed local slot is taken again without the store; a freed shared one goes back to the store.
    await slots.leave('a', 'l0');
    await slots.leave('a', 's0');
    expect(shared.calls).toBe(102);
    expect(await slots.enter('a', 'again-local', 100, 1000)).toBe(true);
    expect(shared.calls).toBe(102);
    expect(await slots.enter('a', 'again-shared', 100, 1000)).toBe(true);
    expect(shared.calls).toBe(103);
  });

  it('keeps limits below 20 exact (no local share) and keys apart', async () => {
    const shared = new CountingSlots();
    const slots = new LocalShareConcurrencySlots(shared);
    expect(await slots.enter('small', 'x', 2, 1000)).toBe(true);
    expect(await slots.enter('small', 'y', 2, 1000)).toBe(true);
    expect(await slots.enter('small', 'z', 2, 1000)).toBe(false);
    expect(shared.calls).toBe(3);
    expect(await slots.enter('other', 'x', 40, 1000)).toBe(true); // 2 local slots of its own
    expect(await slots.enter('other', 'y', 40, 1000)).toBe(true);
    expect(shared.calls).toBe(3);
  });

  it('a request that never took a slot here frees nothing local', async () => {
    const shared = new CountingSlots();
    const slots = new LocalShareConcurrencySlots(shared);
    await slots.leave('a', 'unknown');
    expect(shared.calls).toBe(1);
  });
});
