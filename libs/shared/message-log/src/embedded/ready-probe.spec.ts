import { succeedsWithin } from './ready-probe';

describe('succeedsWithin', () => {
  it('is true when the check succeeds in time', async () => {
    await expect(succeedsWithin(() => Promise.resolve('ok'), 1_000)).resolves.toBe(true);
  });
  it('is false when the check fails', async () => {
    await expect(succeedsWithin(() => Promise.reject(new Error('down')), 1_000)).resolves.toBe(false);
  });
  it('is false when the check takes longer than the timeout', async () => {
    const started = Date.now();
    await expect(succeedsWithin(() => new Promise((r) => setTimeout(r, 2_000)), 50)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
