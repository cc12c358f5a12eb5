import { ErrorCode } from '@restgw/platform';
import { assertSameAccount } from './tenant.guard';

const tenant = { accountId: 7, userId: 1, username: 'u', sessionId: 's' };
const codeOf = (named: unknown) => {
  try {
    assertSameAccount(tenant, named);
    return null;
  } catch (e) {
    return (e as { code: ErrorCode }).code;
  }
};

describe('assertSameAccount', () => {
  it('accepts the token account, nothing, and account 0 (names no account, as in Memphis)', () => {
    for (const named of [undefined, null, '', 7, '7', ['7'], 0, '0', ['0', '7']]) expect(codeOf(named)).toBeNull();
  });
  it('refuses another account with 403', () => {
    for (const named of [8, '8', ['7', '8'], -7, 'x']) expect(codeOf(named)).toBe(ErrorCode.Forbidden);
  });
});
