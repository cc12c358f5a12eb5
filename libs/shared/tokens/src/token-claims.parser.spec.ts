import { parseAccessClaims, parseOperatorClaims } from './token-claims.parser';

const access = { sub: '12', account_id: 3, username: 'alice', sid: 'sess-1', iat: 1000, exp: 2000, iss: 'i', aud: 'a', jti: 'j' };

describe('parseAccessClaims', () => {
  it('turns an access token\'s claims into its tenant', () => {
    expect(parseAccessClaims(access)).toEqual({ tenant: { accountId: 3, userId: 12, username: 'alice', sessionId: 'sess-1' }, iat: 1000, exp: 2000 });
  });

  it('keeps a token without username (empty name)', () => {
    expect(parseAccessClaims({ ...access, username: undefined })?.tenant.username).toBe('');
  });

  it.each([
    ['no account_id', { account_id: undefined }],
    ['a string account_id', { account_id: '3' }],
    ['account_id 0', { account_id: 0 }],
    ['a fractional account_id', { account_id: 1.5 }],
    ['a non-decimal sub', { sub: 'abc' }],
    ['a sub with a leading zero', { sub: '012' }],
    ['sub 0', { sub: '0' }],
    ['a sub beyond safe integers', { sub: '9999999999999999' }],
    ['no session id', { sid: undefined }],
    ['an empty session id', { sid: '' }],
    ['no iat', { iat: undefined }],
    ['no exp', { exp: undefined }],
  ])('refuses %s', (_name, over) => {
    expect(parseAccessClaims({ ...access, ...over } as never)).toBeNull();
  });
});

describe('parseOperatorClaims', () => {
  it('turns an operator token\'s claims into the operator', () => {
    expect(parseOperatorClaims({ sub: '4', email: 'ops@example.test' })).toEqual({ id: 4, email: 'ops@example.test' });
  });

  it.each([
    ['no sub', { email: 'ops@example.test' }],
    ['a non-decimal sub', { sub: 'x', email: 'ops@example.test' }],
    ['no email', { sub: '4' }],
  ])('refuses %s', (_name, claims) => {
    expect(parseOperatorClaims(claims as never)).toBeNull();
  });
});
