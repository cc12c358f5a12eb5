import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AccessEvent, accessEventsChannel, AccessKeys } from '@restgw/contracts';
import {
  AccessDecision,
  accessDecision,
  AccessState,
  applyAccessEvent,
  emptyAccessState,
  parseAccessEvent,
  stateFromRedis,
} from './access-state';
import { VerifiedToken } from './verified-token';

export interface AccessStateMirrorOptions {
  /**
   * Command connection carrying the deployment's keyPrefix (REDIS_KEY_PREFIX);
   * the mirror opens its own subscriber with duplicate().
   */
  redis: Redis;
  regionId: string;
  /** Full reload period; covers pub/sub messages missed during a disconnect. */
  resyncIntervalMs?: number;
}

/**
 * Keeps revocations and this region's enabled accounts in memory so every
 * request is checked without a Redis round trip. Loaded at boot, updated by
 * the events channel, and fully reloaded every few seconds. While Redis is
 * unreachable the last known state keeps serving.
 */
export class AccessStateMirror {
  private readonly logger = new Logger('AccessStateMirror');
  private state: AccessState = emptyAccessState();
  private loaded = false;
  private subscriber?: Redis;
  private timer?: NodeJS.Timeout;
  private resyncing: Promise<boolean> | null = null;
  /** Events received while a reload is reading Redis, re-applied after the swap. */
  private eventsDuringResync: AccessEvent[] | null = null;

  constructor(private readonly opts: AccessStateMirrorOptions) {}

  start(): void {
    const sub = this.opts.redis.duplicate();
    this.subscriber = sub;
    sub.on('message', (_channel: string, payload: string) => this.onMessage(payload));
    sub.on('error', (e: Error) => this.logger.warn(`Redis subscriber: ${e.message}`));
    // After a reconnect the subscription is restored, but messages sent meanwhile are lost: reload.
    let firstReady = true;
    sub.on('ready', () => {
      if (!firstReady) void this.resync();
      firstReady = false;
    });
    sub.subscribe(accessEventsChannel(this.opts.redis.options.keyPrefix ?? '')).catch((e: Error) => this.logger.warn(`subscribe failed: ${e.message}`));
    void this.resync();
    this.timer = setInterval(() => void this.resync(), this.opts.resyncIntervalMs ?? 5_000).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.subscriber?.disconnect();
    await this.resyncing?.catch(() => undefined);
  }

  /** Readiness: the state was read from Redis at least once. */
  isLoaded(): boolean {
    return this.loaded;
  }

  decide(token: VerifiedToken): AccessDecision {
    return accessDecision(this.state, token);
  }

  /** Reloads everything from Redis (one MULTI); concurrent calls share the run. */
  resync(): Promise<boolean> {
    if (!this.resyncing) {
      this.resyncing = this.load().finally(() => {
        this.resyncing = null;
      });
    }
    return this.resyncing;
  }

  private async load(): Promise<boolean> {
    this.eventsDuringResync = [];
    try {
      const replies = await this.opts.redis
        .multi()
        .hgetall(AccessKeys.userNotBefore)
        .hgetall(AccessKeys.accountNotBefore)
        .zrange(AccessKeys.revokedSessions, '0', '-1', 'WITHSCORES')
        .smembers(AccessKeys.regionAccounts(this.opts.regionId))
        .exec();
      if (!replies) throw new Error('transaction aborted');
      const failed = replies.find(([err]) => err);
      if (failed) throw failed[0];
      const [users, accounts, sessions, members] = replies.map(([, r]) => r) as [
        Record<string, string>,
        Record<string, string>,
        string[],
        string[],
      ];
      const next = stateFromRedis(users, accounts, sessions, members);
      for (const e of this.eventsDuringResync) applyAccessEvent(next, e, this.opts.regionId);
      this.state = next;
      this.loaded = true;
      return true;
    } catch (e) {
      this.logger.warn(`access state reload failed (${(e as Error).message}); keeping the last known state`);
      return false;
    } finally {
      this.eventsDuringResync = null;
    }
  }

  private onMessage(payload: string): void {
    const event = parseAccessEvent(payload);
    if (!event) {
      this.logger.warn('ignored a malformed access event');
      return;
    }
    applyAccessEvent(this.state, event, this.opts.regionId);
    this.eventsDuringResync?.push(event);
  }
}
