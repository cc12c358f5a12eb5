import { RateLimiterMemory } from 'rate-limiter-flexible';
import { SharedBudget } from './shared-budget';

/** A store counting its calls (RateLimiterMemory: the same API as the Redis one). */
function countingStore(points: number) {
  const store = new RateLimiterMemory({ points, duration: 1 });
  const calls = { consume: 0, reward: 0 };
  const consume = store.consume.bind(store);
  const reward = store.reward.bind(store);
  store.consume = (key, p) => (calls.consume++, consume(key, p));
  store.reward = (key, p) => (calls.reward++, reward(key, p));
  return { store, calls };
}

describe('SharedBudget', () => {
  it('takes a share of the limit at once: 1,000 one-point requests cost about 20 store calls, exactly 1,000 pass', async () => {
    const { store, calls } = countingStore(1000);
    const b = new SharedBudget(store, 1000);
    const outcomes = await Promise.all(Array.from({ length: 1100 }, () => b.reserve('acct', 1, 1)));
    expect(outcomes.filter((o) => o.granted === 1)).toHaveLength(1000);
    expect(outcomes.filter((o) => o.msBeforeNext !== undefined)).toHaveLength(100);
    expect(calls.consume).toBeLessThanOrEqual(22);
  });

  it('replicas sharing one store never pass more than the limit; the last points of a window are taken exactly', async () => {
    const { store } = countingStore(95);
    const replicas = [new SharedBudget(store, 95), new SharedBudget(store, 95), new SharedBudget(store, 95)];
    const outcomes = await Promise.all(Array.from({ length: 300 }, (_, i) => replicas[i % 3].reserve('acct', 1, 1)));
    expect(outcomes.filter((o) => o.granted === 1)).toHaveLength(95);
  });

  it('grants up to max (consume batches), takes back what was not used, refuses from memory once the window is used up', async () => {
    const { store, calls } = countingStore(10);
    const b = new SharedBudget(store, 10);
    expect(await b.reserve('a', 1, 8)).toEqual({ granted: 8 });
    b.giveBack('a', 3); // 5 delivered
    expect(await b.reserve('a', 1, 8)).toEqual({ granted: 3 }); // what this replica holds first, without a store call
    expect(await b.reserve('a', 1, 8)).toEqual({ granted: 2 }); // then the rest of the window
    const none = await b.reserve('a', 1, 8);
    expect(none.granted).toBe(0);
    expect(none.msBeforeNext).toBeGreaterThan(0);
    const before = calls.consume;
    expect((await b.reserve('a', 1, 1)).granted).toBe(0);
    expect(calls.consume).toBe(before); // refused without asking the store
    expect((await b.reserve('other', 1, 1)).granted).toBe(1); // keys are apart
  });

  it('a request needing more than what is left is refused without using it up for smaller ones', async () => {
    const { store } = countingStore(10);
    const b = new SharedBudget(store, 10);
    expect(await b.reserve('a', 7, 7)).toEqual({ granted: 7 });
    expect((await b.reserve('a', 5, 5)).granted).toBe(0);
    // The refused 5 were not counted: the 3 left still pass (another replica sees the same store).
    expect(await new SharedBudget(store, 10).reserve('a', 3, 3)).toEqual({ granted: 3 });
  });

  it('charges what was spent from the share first; an overrun stays counted exactly and closes the window here', async () => {
    const { store, calls } = countingStore(100);
    const b = new SharedBudget(store, 100); // share: 5
    await b.charge('a', 2);
    await b.charge('a', 3);
    expect(calls.consume).toBe(1); // 5 taken at once, both charges from it
    await b.charge('a', 94); // 99 counted
    expect(b.closedFor('a')).toBe(0);
    await b.charge('a', 3); // 102: delivered anyway, counted, closed
    expect(b.closedFor('a')).toBeGreaterThan(0);
    expect((await store.get('a'))?.consumedPoints).toBe(102);
  });
});
