import { AccessEvent, isRegionStatus, RegionStatus } from '@restgw/contracts';
import { VerifiedToken } from './verified-token';

/** In-memory copy of the access keys of access-contract.ts for one region. */
export interface AccessState {
  userNotBefore: Map<number, number>;
  accountNotBefore: Map<number, number>;
  /** sid -> session expiry (epoch ms). */
  revokedSessions: Map<string, number>;
  regionAccounts: Set<number>;
  /** This region's operating status (absent in the store: active). */
  regionStatus: RegionStatus;
}

export const emptyAccessState = (): AccessState => ({
  userNotBefore: new Map(),
  accountNotBefore: new Map(),
  revokedSessions: new Map(),
  regionAccounts: new Set(),
  regionStatus: 'active',
});

export type AccessDecision = 'allow' | 'revoked' | 'region-disabled';

/** Pure lookups; revocation (401) wins over region enablement (403). */
export function accessDecision(state: AccessState, token: VerifiedToken): AccessDecision {
  const { tenant, iat } = token;
  const userNb = state.userNotBefore.get(tenant.userId);
  if (userNb !== undefined && iat < userNb) return 'revoked';
  const accountNb = state.accountNotBefore.get(tenant.accountId);
  if (accountNb !== undefined && iat < accountNb) return 'revoked';
  if (state.revokedSessions.has(tenant.sessionId)) return 'revoked';
  if (!state.regionAccounts.has(tenant.accountId)) return 'region-disabled';
  return 'allow';
}

/** Applies one published change; events for other regions are ignored. */
export function applyAccessEvent(state: AccessState, event: AccessEvent, regionId: string): void {
  switch (event.kind) {
    case 'user':
      state.userNotBefore.set(event.userId, event.notBefore);
      break;
    case 'account':
      state.accountNotBefore.set(event.accountId, event.notBefore);
      break;
    case 'session':
      state.revokedSessions.set(event.sessionId, event.expiresAtMs);
      break;
    case 'region':
      if (event.regionId !== regionId) break;
      if (event.enabled) state.regionAccounts.add(event.accountId);
      else state.regionAccounts.delete(event.accountId);
      break;
    case 'region-status':
      if (event.regionId === regionId) state.regionStatus = event.status;
      break;
    case 'republished':
      break; // the mirror reloads
  }
}

/** Parses a pub/sub payload; null for anything that is not a well-formed AccessEvent. */
export function parseAccessEvent(payload: string): AccessEvent | null {
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!e || typeof e !== 'object') return null;
  const num = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  switch (e.kind) {
    case 'user':
      return num(e.userId) && num(e.notBefore) ? (e as unknown as AccessEvent) : null;
    case 'account':
      return num(e.accountId) && num(e.notBefore) ? (e as unknown as AccessEvent) : null;
    case 'session':
      return typeof e.sessionId === 'string' && num(e.expiresAtMs) ? (e as unknown as AccessEvent) : null;
    case 'region':
      return typeof e.regionId === 'string' && num(e.accountId) && typeof e.enabled === 'boolean'
        ? (e as unknown as AccessEvent)
        : null;
    case 'region-status':
      return typeof e.regionId === 'string' && isRegionStatus(e.status) ? (e as unknown as AccessEvent) : null;
    case 'republished':
      return { kind: 'republished' };
    default:
      return null;
  }
}

/** Builds a state from a snapshot's replies (two hashes, the revoked sessions with their expiry, the region's members and status). */
export function stateFromSnapshot(
  users: Record<string, string>,
  accounts: Record<string, string>,
  sessions: Array<[sid: string, expiresAtMs: number]>,
  regionMembers: string[],
  regionStatus: string | null = null,
): AccessState {
  const state = emptyAccessState();
  // An unknown value (a newer control plane) is not guessed at: the region keeps serving.
  if (isRegionStatus(regionStatus)) state.regionStatus = regionStatus;
  for (const [id, nb] of Object.entries(users)) state.userNotBefore.set(Number(id), Number(nb));
  for (const [id, nb] of Object.entries(accounts)) state.accountNotBefore.set(Number(id), Number(nb));
  for (const [sid, expiresAtMs] of sessions) state.revokedSessions.set(sid, expiresAtMs);
  for (const id of regionMembers) state.regionAccounts.add(Number(id));
  return state;
}
