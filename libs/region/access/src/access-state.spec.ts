import { accessDecision, applyAccessEvent, emptyAccessState, parseAccessEvent, stateFromSnapshot } from './access-state';
import { VerifiedToken } from './verified-token';

const token = (iat: number, over: Partial<VerifiedToken['tenant']> = {}): VerifiedToken => ({
  tenant: { accountId: 7, userId: 70, username: 'u', sessionId: 'sess-1', ...over },
  iat,
  expiresAtMs: Date.now() + 60_000,
  kid: 'k',
});

const enabled = () => {
  const s = emptyAccessState();
  s.regionAccounts.add(7);
  return s;
};

describe('accessDecision', () => {
  it('allows an account enabled in the region with no revocation', () => {
    expect(accessDecision(enabled(), token(100))).toBe('allow');
  });

  it('refuses an account that is not enabled in the region', () => {
    expect(accessDecision(emptyAccessState(), token(100))).toBe('region-disabled');
  });

  it('revokes tokens issued before the user or account revocation point, not at or after it', () => {
    const s = enabled();
    s.userNotBefore.set(70, 100);
    expect(accessDecision(s, token(99))).toBe('revoked');
    expect(accessDecision(s, token(100))).toBe('allow');
    s.accountNotBefore.set(7, 200);
    expect(accessDecision(s, token(150))).toBe('revoked');
    expect(accessDecision(s, token(200))).toBe('allow');
  });

  it('revokes every token of a revoked session', () => {
    const s = enabled();
    s.revokedSessions.set('sess-1', Date.now() + 1000);
    expect(accessDecision(s, token(1e10))).toBe('revoked');
    expect(accessDecision(s, token(1e10, { sessionId: 'sess-2' }))).toBe('allow');
  });

  it('answers revoked before region-disabled', () => {
    const s = emptyAccessState();
    s.userNotBefore.set(70, 100);
    expect(accessDecision(s, token(1))).toBe('revoked');
  });
});

describe('access events', () => {
  it('applies each kind, ignoring other regions', () => {
    const s = emptyAccessState();
    applyAccessEvent(s, { kind: 'user', userId: 1, notBefore: 5 }, 'r1');
    applyAccessEvent(s, { kind: 'account', accountId: 2, notBefore: 6 }, 'r1');
    applyAccessEvent(s, { kind: 'session', sessionId: 'x', expiresAtMs: 7 }, 'r1');
    applyAccessEvent(s, { kind: 'region', regionId: 'r1', accountId: 3, enabled: true }, 'r1');
    applyAccessEvent(s, { kind: 'region', regionId: 'r2', accountId: 4, enabled: true }, 'r1');
    expect(s.userNotBefore.get(1)).toBe(5);
    expect(s.accountNotBefore.get(2)).toBe(6);
    expect(s.revokedSessions.get('x')).toBe(7);
    expect([...s.regionAccounts]).toEqual([3]);
    applyAccessEvent(s, { kind: 'region', regionId: 'r1', accountId: 3, enabled: false }, 'r1');
    expect(s.regionAccounts.size).toBe(0);
  });

  it('parses only well-formed events', () => {
    expect(parseAccessEvent('{"kind":"user","userId":1,"notBefore":2}')).toEqual({ kind: 'user', userId: 1, notBefore: 2 });
    expect(parseAccessEvent('{"kind":"user","userId":"1","notBefore":2}')).toBeNull();
    expect(parseAccessEvent('{"kind":"region","regionId":"r","accountId":1}')).toBeNull();
    expect(parseAccessEvent('nope')).toBeNull();
    expect(parseAccessEvent('null')).toBeNull();
    expect(parseAccessEvent('{"kind":"republished","extra":1}')).toEqual({ kind: 'republished' });
  });

  it('builds the state from a snapshot', () => {
    const s = stateFromSnapshot({ '1': '10' }, { '2': '20' }, [['sid', 123]], ['3', '4']);
    expect(s.userNotBefore.get(1)).toBe(10);
    expect(s.accountNotBefore.get(2)).toBe(20);
    expect(s.revokedSessions.get('sid')).toBe(123);
    expect([...s.regionAccounts].sort()).toEqual([3, 4]);
    expect(s.regionStatus).toBe('active'); // no status key: a store written before statuses existed
  });

  it('carries the region status: from the snapshot, then by events for this region only', () => {
    const s = stateFromSnapshot({}, {}, [], [], 'draining');
    expect(s.regionStatus).toBe('draining');
    applyAccessEvent(s, { kind: 'region-status', regionId: 'r2', status: 'disabled' }, 'r1');
    expect(s.regionStatus).toBe('draining');
    applyAccessEvent(s, { kind: 'region-status', regionId: 'r1', status: 'disabled' }, 'r1');
    expect(s.regionStatus).toBe('disabled');
    // A value this gateway does not know is not guessed at.
    expect(stateFromSnapshot({}, {}, [], [], 'paused').regionStatus).toBe('active');
    expect(parseAccessEvent('{"kind":"region-status","regionId":"r1","status":"disabled"}')).toEqual({ kind: 'region-status', regionId: 'r1', status: 'disabled' });
    expect(parseAccessEvent('{"kind":"region-status","regionId":"r1","status":"paused"}')).toBeNull();
  });
});
