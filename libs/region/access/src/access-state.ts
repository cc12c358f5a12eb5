import { AccessEvent, ApiKeyView, isRegionStatus, RegionStatus } from '@restgw/contracts';
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
  /** Customer API keys by hash. */
  apiKeys: Map<string, ApiKeyView>;
  /** Hashes of revoked customer API keys (a tombstone wins over a view). */
  revokedApiKeys: Set<string>;
}

export const emptyAccessState = (): AccessState => ({
  userNotBefore: new Map(),
  accountNotBefore: new Map(),
  revokedSessions: new Map(),
  regionAccounts: new Set(),
  regionStatus: 'active',
  apiKeys: new Map(),
  revokedApiKeys: new Set(),
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

export type ApiKeyDecision = { decision: 'allow'; key: ApiKeyView } | { decision: 'unknown' } | { decision: 'region-disabled'; key: ApiKeyView };

/**
 * A customer API key, by its hash: unknown, revoked, expired, or created
 * before its account's tokens-valid-from (suspension) all read `unknown`
 * (401, counted by the throttle); then region enablement (403).
 */
export function apiKeyDecision(state: AccessState, hash: string, nowMs: number): ApiKeyDecision {
  const key = state.apiKeys.get(hash);
  if (!key || state.revokedApiKeys.has(hash)) return { decision: 'unknown' };
  if (key.expires_at !== null && key.expires_at <= nowMs) return { decision: 'unknown' };
  const accountNb = state.accountNotBefore.get(key.account_id);
  if (accountNb !== undefined && key.created_at < accountNb) return { decision: 'unknown' };
  if (!state.regionAccounts.has(key.account_id)) return { decision: 'region-disabled', key };
  return { decision: 'allow', key };
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
    case 'api-key':
      state.apiKeys.set(event.hash, event.view);
      break;
    case 'api-key-revoked':
      state.revokedApiKeys.add(event.hash);
      state.apiKeys.delete(event.hash);
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
    case 'api-key': {
      const view = parseApiKeyView(e.view);
      return typeof e.hash === 'string' && view ? { kind: 'api-key', hash: e.hash, view } : null;
    }
    case 'api-key-revoked':
      return typeof e.hash === 'string' ? { kind: 'api-key-revoked', hash: e.hash } : null;
    case 'republished':
      return { kind: 'republished' };
    default:
      return null;
  }
}

/** A published key view (JSON or parsed); null unless every field has its type. */
export function parseApiKeyView(raw: unknown): ApiKeyView | null {
  let v: Record<string, unknown>;
  try {
    v = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const strings = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');
  const ok =
    typeof v.id === 'string' &&
    typeof v.account_id === 'number' &&
    strings(v.scopes) &&
    strings(v.stations) &&
    (v.expires_at === null || typeof v.expires_at === 'number') &&
    typeof v.created_at === 'number' &&
    typeof v.prefix === 'string';
  return ok ? (v as unknown as ApiKeyView) : null;
}

/** Builds a state from a snapshot's replies (hashes of revocations, the revoked sessions with their expiry, the region's members and status, the API keys). */
export function stateFromSnapshot(
  users: Record<string, string>,
  accounts: Record<string, string>,
  sessions: Array<[sid: string, expiresAtMs: number]>,
  regionMembers: string[],
  regionStatus: string | null = null,
  apiKeys: Record<string, string> = {},
  revokedApiKeys: Record<string, string> = {},
): AccessState {
  const state = emptyAccessState();
  // An unknown value (a newer control plane) is not guessed at: the region keeps serving.
  if (isRegionStatus(regionStatus)) state.regionStatus = regionStatus;
  for (const hash of Object.keys(revokedApiKeys)) state.revokedApiKeys.add(hash);
  for (const [hash, json] of Object.entries(apiKeys)) {
    const view = parseApiKeyView(json);
    if (view && !state.revokedApiKeys.has(hash)) state.apiKeys.set(hash, view);
  }
  for (const [id, nb] of Object.entries(users)) state.userNotBefore.set(Number(id), Number(nb));
  for (const [id, nb] of Object.entries(accounts)) state.accountNotBefore.set(Number(id), Number(nb));
  for (const [sid, expiresAtMs] of sessions) state.revokedSessions.set(sid, expiresAtMs);
  for (const id of regionMembers) state.regionAccounts.add(Number(id));
  return state;
}
