import { Logger } from '@nestjs/common';
import { AccessEvent, accessEventsChannel, AccessKeys, RegionStatus } from '@restgw/contracts';
import { DomainError, ErrorCode } from '@restgw/platform';
import { Mirror, Read, StateStore, stateStoreSource } from '@restgw/state';
import { AccessDecision, accessDecision, AccessState, ApiKeyDecision, apiKeyDecision, applyAccessEvent, parseAccessEvent, stateFromSnapshot } from './access-state';
import { VerifiedToken } from './verified-token';

/** A disabled region is an operator's decision that lasts minutes at least: clients need not knock every second. */
const REGION_DISABLED_RETRY_AFTER_SECONDS = 30;

export interface AccessStateMirrorOptions {
  store: StateStore;
  regionId: string;
  /** Full reload period; covers events missed during a disconnect. */
  resyncIntervalMs?: number;
}

/**
 * Keeps revocations, this region's enabled accounts and customer API keys in memory so every
 * request is checked without a round trip (a Mirror: loaded at boot, events
 * applied at once, reloaded periodically). Last known good: a snapshot
 * without the region's `published` marker (store restarted empty) or an
 * unreachable store leaves the held state in place.
 */
export class AccessStateMirror {
  private readonly logger = new Logger('AccessStateMirror');
  private readonly mirror: Mirror<AccessState, AccessState, AccessEvent>;
  private readonly regionId: string;

  constructor(opts: AccessStateMirrorOptions) {
    const { store, regionId } = opts;
    this.regionId = regionId;
    this.mirror = new Mirror({
      name: 'access state',
      logger: this.logger,
      reloadIntervalMs: opts.resyncIntervalMs ?? 5_000,
      source: stateStoreSource({
        store,
        channel: accessEventsChannel(store.keyPrefix),
        load: async (s) => {
          const r = await s.read({
            published: Read.get(AccessKeys.published(regionId)),
            users: Read.hgetall(AccessKeys.userNotBefore),
            accounts: Read.hgetall(AccessKeys.accountNotBefore),
            sessions: Read.zrangeWithScores(AccessKeys.revokedSessions),
            members: Read.smembers(AccessKeys.regionAccounts(regionId)),
            status: Read.get(AccessKeys.status(regionId)),
            apiKeys: Read.hgetall(AccessKeys.apiKeys),
            revokedApiKeys: Read.hgetall(AccessKeys.revokedApiKeys),
          });
          return r.published ? stateFromSnapshot(r.users, r.accounts, r.sessions, r.members, r.status, r.apiKeys, r.revokedApiKeys) : null;
        },
        parse: (payload) => {
          const event = parseAccessEvent(payload);
          return event?.kind === 'republished' ? 'reload' : event;
        },
        onIgnored: () => this.logger.warn('ignored a malformed access event'),
      }),
      adopt: (snapshot) => snapshot,
      apply: (state, event) => applyAccessEvent(state, event, regionId),
    });
  }

  start(): void {
    this.mirror.start();
  }

  stop(): Promise<void> {
    return this.mirror.stop();
  }

  /** Readiness: a complete access state was loaded at least once. */
  isLoaded(): boolean {
    return this.mirror.isLoaded();
  }

  /** 'unknown' until the first complete snapshot: nobody is refused on a state never read. */
  decide(token: VerifiedToken): AccessDecision | 'unknown' {
    const state = this.mirror.state;
    return state ? accessDecision(state, token) : 'unknown';
  }

  /** This region's status as last loaded; 'unknown' until the first complete snapshot. */
  regionStatus(): RegionStatus | 'unknown' {
    return this.mirror.state?.regionStatus ?? 'unknown';
  }

  /**
   * A disabled region serves no station route and no login: 503 with
   * Retry-After, naming the status. Unknown (never loaded) passes here: the
   * callers answer that case themselves.
   */
  assertNotDisabled(): void {
    if (this.regionStatus() === 'disabled') {
      throw new DomainError(ErrorCode.Unavailable, `Region ${this.regionId} is disabled; retry later or use another region`, REGION_DISABLED_RETRY_AFTER_SECONDS);
    }
  }

  /** A customer API key by its hash; 'not-loaded' until the first complete snapshot. */
  decideKey(hash: string, nowMs = Date.now()): ApiKeyDecision | 'not-loaded' {
    const state = this.mirror.state;
    return state ? apiKeyDecision(state, hash, nowMs) : 'not-loaded';
  }

  /** Reloads now (tests, and the 'republished' event). */
  resync(): Promise<boolean> {
    return this.mirror.reload().then((outcome) => outcome === 'loaded');
  }
}
