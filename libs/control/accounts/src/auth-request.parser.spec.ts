import { DomainError } from '@restgw/platform';
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
  it('refuses non-positive or fractional lifetimes, naming the field', () => {
    expect(msg(() => parseAuthenticate({ ...base, token_expiry_in_minutes: 0 }, {}, 1))).toMatch(/token_expiry_in_minutes/);
    expect(msg(() => parseAuthenticate({ ...base, refresh_token_expiry_in_minutes: 1.5 }, {}, 1))).toMatch(/refresh_token_expiry_in_minutes/);
  });
});

describe('parseRefresh', () => {
  it('reads the body field or the bearer header', () => {
    expect(parseRefresh({ jwt_refresh_token: 'a' }).refreshToken).toBe('a');
    expect(parseRefresh(undefined, 'Bearer b').refreshToken).toBe('b');
    expect(parseRefresh({}, 'Bearer: c').refreshToken).toBe('c');
  });
  it('names the missing token', () => {
    expect(msg(() => parseRefresh({}))).toMatch(/jwt_refresh_token/);
  });
});
