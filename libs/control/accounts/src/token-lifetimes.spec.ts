import { grantLifetimes, minutesToMs } from './token-lifetimes';

describe('grantLifetimes', () => {
  const max = { maxTokenMinutes: 100, maxRefreshMinutes: 1000 };
  it('defaults to 15 and 300 minutes', () => {
    expect(grantLifetimes({}, max)).toEqual({ tokenMinutes: 15, refreshMinutes: 300 });
  });
  it('clamps to the account maxima and keeps smaller requests', () => {
    expect(grantLifetimes({ tokenMinutes: 5000, refreshMinutes: 5 }, max)).toEqual({ tokenMinutes: 100, refreshMinutes: 5 });
  });
  it('reports milliseconds', () => {
    expect(minutesToMs(15)).toBe(900_000);
  });
});
