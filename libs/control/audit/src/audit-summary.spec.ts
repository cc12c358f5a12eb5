import { REDACTED, redactSecrets } from './audit-summary';
import { auditTarget } from './audit-target';

describe('redactSecrets', () => {
  it('replaces secret-looking fields at any depth and keeps the rest', () => {
    expect(
      redactSecrets({ username: 'alice', password: 'hunter22', nested: [{ client_secret: 's', api_key: 'k', refreshToken: 't', name: 'n' }], big: 5n, none: null }),
    ).toEqual({ username: 'alice', password: REDACTED, nested: [{ client_secret: REDACTED, api_key: REDACTED, refreshToken: REDACTED, name: 'n' }], big: '5', none: null });
  });

  it('passes plain values through', () => {
    expect(redactSecrets('x')).toBe('x');
    expect(redactSecrets(undefined)).toBeUndefined();
  });
});

describe('auditTarget', () => {
  it('names the target from its account down', () => {
    expect(auditTarget({ accountId: 12, station: { regionId: 'aws-eu-central-1', name: 'orders' } })).toBe('account/12/station/aws-eu-central-1/orders');
    expect(auditTarget({ accountId: 3, username: 'alice' })).toBe('account/3/user/alice');
    expect(auditTarget({ regionId: 'x-y' })).toBe('region/x-y');
    expect(auditTarget({})).toBe('service');
  });
});
