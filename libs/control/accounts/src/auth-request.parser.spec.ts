import { DomainError, ErrorCode } from '@restgw/platform';
import { parseAuthenticate, parseRefresh } from './auth-request.parser';

const msg = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as Error).message;
  }
  throw new Error('expected a DomainError');
};

describe('parseAuthenticate', () => {
  const base = { username: 'u', password: 'p' };
  it('prefers body account_id, then query, then name$id, then the default', () => {
    expect(parseAuthenticate({ ...base, account_id: 7 }, { accountId: '8' }, 9).accountId).toBe(7);
    expect(parseAuthenticate(base, { accountId: '8' }, 9).accountId).toBe(8);
    expect(parseAuthenticate({ ...base, username: 'bob$12' }, {}, 9)).toMatchObject({ username: 'bob', accountId: 12 });
    expect(parseAuthenticate(base, {}, 9).accountId).toBe(9);
  });
  it('moves on to the next way of naming the account when one names account 0, as Memphis does', () => {
    expect(parseAuthenticate({ ...base, account_id: 0 }, { accountId: '8' }, 9).accountId).toBe(8);
    expect(parseAuthenticate({ ...base, account_id: 0, username: 'bob$12' }, { accountId: '0' }, 9)).toMatchObject({ username: 'bob', accountId: 12 });
    expect(parseAuthenticate({ ...base, username: 'bob$0' }, {}, 9)).toMatchObject({ username: 'bob', accountId: 9 });
    expect(msg(() => parseAuthenticate({ ...base, account_id: 0 }, { accountId: '00' }))).toMatch(/Missing account id/);
  });
  it('accepts connection_token in place of password', () => {
    expect(parseAuthenticate({ username: 'u', connection_token: 't', account_id: 1 }, {}).password).toBe('t');
  });
  it('says to send a number when account_id is a string', () => {
    expect(msg(() => parseAuthenticate({ ...base, account_id: '7' }, {}))).toMatch(/account_id must be sent as a number/);
  });
  it('names the missing account id and the missing fields', () => {
    expect(msg(() => parseAuthenticate(base, {}))).toMatch(/Missing account id/);
    expect(msg(() => parseAuthenticate({}, {}, 1))).toMatch(/username.*password/);
  });
  it('takes lifetimes of 0 or less as the defaults (Memphis), refuses non-integers naming the field', () => {
    expect(parseAuthenticate({ ...base, token_expiry_in_minutes: 0, refresh_token_expiry_in_minutes: -5 }, {}, 1)).toMatchObject({
      tokenMinutes: undefined,
      refreshMinutes: undefined,
    });
    expect(parseAuthenticate({ ...base, token_expiry_in_minutes: 3 }, {}, 1).tokenMinutes).toBe(3);
    expect(msg(() => parseAuthenticate({ ...base, refresh_token_expiry_in_minutes: 1.5 }, {}, 1))).toMatch(/refresh_token_expiry_in_minutes/);
    expect(msg(() => parseAuthenticate({ ...base, token_expiry_in_minutes: '5' }, {}, 1))).toMatch(/token_expiry_in_minutes/);
  });
});

describe('parseRefresh', () => {
  it('reads the body field or the bearer header', () => {
    expect(parseRefresh({ jwt_refresh_token: 'a' }).refreshToken).toBe('a');
    expect(parseRefresh(undefined, 'Bearer b').refreshToken).toBe('b');
    expect(parseRefresh({}, 'Bearer: c').refreshToken).toBe('c');
  });
  it('answers 401 without a token (clients log in again only on 401)', () => {
    for (const body of [{}, undefined, { jwt_refresh_token: '' }]) {
      let error: unknown;
      try {
        parseRefresh(body);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: ErrorCode.Unauthorized, message: 'Unauthorized' });
    }
  });
  it('takes lifetimes of 0 or less as the defaults', () => {
    expect(parseRefresh({ jwt_refresh_token: 'a', token_expiry_in_minutes: 0, refresh_token_expiry_in_minutes: -1 })).toEqual({
      refreshToken: 'a',
      tokenMinutes: undefined,
      refreshMinutes: undefined,
    });
  });
});

describe('input bounds (issue 11 findings 4 and 6)', () => {
  const base = { username: 'u', password: 'p' };
  it.each([2147483648, 987654321012, -1, 1.5])('refuses account_id %p naming the field', (id) => {
    expect(msg(() => parseAuthenticate({ ...base, account_id: id }, {}))).toMatch(/account_id must be a positive integer up to 2147483647/);
  });
  it('takes the largest int4 account id', () => {
    expect(parseAuthenticate({ ...base, account_id: 2147483647 }, {}).accountId).toBe(2147483647);
    expect(parseAuthenticate(base, { accountId: '2147483647' }).accountId).toBe(2147483647);
  });
  it.each(['2147483648', '99999999999999999999999', '1e3', ' 1'])('refuses ?accountId=%s and name$%s', (id) => {
    expect(msg(() => parseAuthenticate(base, { accountId: id }))).toMatch(/accountId query parameter/);
  });
  it('refuses an out-of-range name$<id>', () => {
    expect(msg(() => parseAuthenticate({ ...base, username: 'bob$2147483648' }, {}))).toMatch(/account id in username/);
  });
  it('bounds username, password and refresh token lengths', () => {
    expect(msg(() => parseAuthenticate({ ...base, username: 'u'.repeat(4000) }, {}, 1))).toBe('username must be at most 128 characters');
    expect(msg(() => parseAuthenticate({ ...base, username: `${'u'.repeat(129)}$1` }, {}))).toBe('username must be at most 128 characters');
    expect(parseAuthenticate({ ...base, username: `${'u'.repeat(128)}$1` }, {}).username).toHaveLength(128);
    expect(msg(() => parseAuthenticate({ ...base, password: 'p'.repeat(1025) }, {}, 1))).toMatch(/password must be at most 1024/);
    expect(msg(() => parseRefresh({ jwt_refresh_token: 'r'.repeat(513) }))).toMatch(/jwt_refresh_token must be at most 512/);
  });
});
