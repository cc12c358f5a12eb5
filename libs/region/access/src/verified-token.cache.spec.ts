import { VerifiedToken } from './verified-token';
import { VerifiedTokenCache } from './verified-token.cache';

const v = (expiresAtMs: number, kid = 'k1'): VerifiedToken => ({
  tenant: { accountId: 1, userId: 2, username: 'u', sessionId: 's' },
  iat: 0,
  expiresAtMs,
  kid,
});

describe('VerifiedTokenCache', () => {
  it('returns an entry until the token expires', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('t', v(1000));
    expect(cache.get('t', 999)).toBeDefined();
    expect(cache.get('t', 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry when full', () => {
    const cache = new VerifiedTokenCache(2);
    cache.set('a', v(1e15));
    cache.set('b', v(1e15));
    cache.get('a', 0);
    cache.set('c', v(1e15));
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBeDefined();
    expect(cache.get('c', 0)).toBeDefined();
  });

  it('drops tokens of retired keys', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('a', v(1e15, 'old'));
    cache.set('b', v(1e15, 'new'));
    cache.dropKids(['old']);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('b', 0)).toBeDefined();
  });
});
