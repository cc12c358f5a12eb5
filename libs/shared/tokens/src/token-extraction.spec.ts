import { extractToken, tokenFromAuthorization } from './token-extraction';

describe('extractToken', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['Bearer: abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc', 'abc'],
    ['JWT abc', 'abc'],
    ['  Bearer   abc  ', 'abc'],
  ])('takes the token after any scheme word: %p', (header, token) => {
    expect(extractToken(header, undefined)).toBe(token);
  });

  it.each([['abc'], ['Bearer'], ['Bearer a b'], ['Bearer:abc']])('refuses a header that is not "<scheme> <token>": %p', (header) => {
    expect(extractToken(header, 'from-query')).toBeNull();
  });

  it('uses ?authorization= only when no Authorization header is sent', () => {
    expect(extractToken(undefined, 'q')).toBe('q');
    expect(extractToken('', 'q')).toBe('q');
    expect(extractToken('Bearer h', 'q')).toBe('h');
  });

  it('ignores an empty or repeated query parameter', () => {
    expect(extractToken(undefined, '')).toBeNull();
    expect(extractToken(undefined, ['a', 'b'])).toBeNull();
    expect(extractToken(undefined, undefined)).toBeNull();
  });
});

describe('tokenFromAuthorization', () => {
  it('reads the header alone, with the same grammar', () => {
    expect(tokenFromAuthorization('Bearer abc')).toBe('abc');
    expect(tokenFromAuthorization('Bearer: abc')).toBe('abc');
    expect(tokenFromAuthorization(undefined)).toBeNull();
    expect(tokenFromAuthorization('')).toBeNull();
    expect(tokenFromAuthorization('abc')).toBeNull();
    expect(tokenFromAuthorization('Bearer a b')).toBeNull();
  });
});
