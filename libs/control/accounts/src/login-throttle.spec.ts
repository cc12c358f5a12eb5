import { RateLimiterStore } from '@restgw/state';
import { addressKey, LoginThrottle } from './login-throttle';

describe('LoginThrottle (issue 11 findings 2 and 3)', () => {
  const make = () => new LoginThrottle(new RateLimiterStore({ redisUrl: '', keyPrefix: '', kind: 'memory' }), { maxFailures: 10, windowSeconds: 60, ipMaxFailures: 1000 });
  const fail = async () => {
    await new Promise((r) => setTimeout(r, 5)); // a password hash takes time: every guess is in flight at once
    return null;
  };
  const status = (p: Promise<unknown>) => p.then(() => 401, (e: { code?: string }) => e.code);

  it('counts concurrent guesses before evaluating them: 10 of 25 are verified', async () => {
    const throttle = make();
    let verified = 0;
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => status(throttle.guard('user', '1:u', '203.0.113.1', () => (verified++, fail())))),
    );
    expect(verified).toBe(10);
    expect(answers.filter((a) => a === 'too_many_requests')).toHaveLength(15);
  });

  it("keeps another address's allowance: guesses never lock the victim out", async () => {
    const throttle = make();
    for (let i = 0; i < 12; i++) await status(throttle.guard('user', '1:u', '203.0.113.1', fail));
    await expect(throttle.guard('user', '1:u', '203.0.113.2', async () => 'ok')).resolves.toBe('ok');
    // Operator and customer names are counted apart.
    await expect(throttle.guard('operator', '1:u', '203.0.113.1', async () => 'ok')).resolves.toBe('ok');
  });

  it('gives the allowance back on success', async () => {
    const throttle = make();
    for (let i = 0; i < 9; i++) await status(throttle.guard('user', '1:u', '203.0.113.1', fail));
    await throttle.guard('user', '1:u', '203.0.113.1', async () => 'ok');
    for (let i = 0; i < 10; i++) expect(await status(throttle.guard('user', '1:u', '203.0.113.1', fail))).toBe(401);
  });
});

describe('addressKey', () => {
  it('counts IPv6 clients by /64 and IPv4-mapped ones as IPv4', () => {
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::9')).toBe(addressKey('2001:0db8:0001:0002:ffff::1'));
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('10.1.2.3')).toBe('10.1.2.3');
  });
});
