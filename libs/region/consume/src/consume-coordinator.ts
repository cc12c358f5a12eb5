import { randomBytes } from 'node:crypto';
import { LogError, LogErrorKind, type LogBackend } from '@restgw/message-log';
import type { LeaseStore } from './lease-store';
import { EMPTY_DELIVERY, GroupMovingError, LeasedGroup, type Delivery } from './leased-group';

export interface ConsumeCoordinatorOptions {
  log: LogBackend;
  store: LeaseStore;
  /** Where the region's other replicas reach this one (forwarded requests). */
  selfUrl: string;
  /** Lease lifetime; renewed every third of it. A dead owner's groups move after at most this. */
  leaseTtlMs: number;
  /** How long a delivered batch waits for its acknowledgement before another member may receive it. */
  visibilityTimeoutMs: number;
  /**
   * How long a lapsed batch no other member took keeps its group open, so that
   * its consumer asking again (a slow poller) still acknowledges it. Default 24 h.
   */
  lapsedHoldMs?: number;
  /** A group without requests, batches in flight or lapsed batches held for this long is released. */
  groupIdleMs: number;
  /** Graceful shutdown waits at most this long for batches in flight to be acknowledged. */
  drainTimeoutMs: number;
  /** Forwards a request may take before it waits for the lease instead (default 3). */
  maxHops?: number;
  onError?: (message: string) => void;
}

export interface GroupRef {
  topic: string;
  /** The derived Kafka group name (tenant-names.ts): also the lease key. */
  group: string;
}

export interface ConsumeCall {
  consumer: string;
  maxRecords: number;
  maxWaitMs: number;
  /** How often the request was forwarded already. */
  hops: number;
}

/** Sends the request to the replica at `url` with `remainingMs` left; null when it could not be reached. */
export type Forward<R> = (url: string, remainingMs: number) => Promise<R | null>;

export type Routed<T, R> = { local: T; remote?: undefined } | { local?: undefined; remote: R };

const RETRY_MS = 200;

/**
 * Exactly one replica of a region serves a consumer group at a time: the one
 * holding the group's lease. A request reaching another replica is forwarded
 * to the holder (Forward, supplied by the HTTP layer); a request for a group
 * nobody holds takes the lease here. While the group joins or moves, requests
 * wait within their own wait time instead of answering early.
 *
 * Shutdown hands groups over: stop taking new groups, leave the replica list,
 * wait for batches in flight to be acknowledged (consumers keep polling, which
 * acknowledges them), commit, leave the Kafka group, free the lease; waiting
 * requests then go to a live peer, which takes the group at once.
 */
export class ConsumeCoordinator {
  /** This process's lease holder id: its URL plus a per-process nonce (a restarted process is a new holder). */
  readonly id: string;
  private readonly sessions = new Map<string, { session: LeasedGroup; renewedAt: number }>();
  private readonly moving = new Map<string, Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  private stopping: Promise<void> | null = null;
  private readonly maxHops: number;

  constructor(private readonly o: ConsumeCoordinatorOptions) {
    this.id = `${o.selfUrl} ${randomBytes(6).toString('hex')}`;
    this.maxHops = o.maxHops ?? 3;
    this.timer = setInterval(() => void this.tick(), Math.max(100, Math.floor(o.leaseTtlMs / 3)));
    this.timer.unref();
    void this.announce();
  }

  async consume<R>(ref: GroupRef, call: ConsumeCall, forward: Forward<R>): Promise<Routed<Delivery, R>> {
    const deadline = Date.now() + call.maxWaitMs;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return { local: EMPTY_DELIVERY };
      const session = await this.sessionFor(ref, remaining);
      if (session) {
        try {
          return { local: await session.fetch(call.consumer, call.maxRecords, remaining) };
        } catch (e) {
          if (e instanceof GroupMovingError) continue;
          throw e;
        }
      }
      const target = await this.elsewhere(ref);
      if (target && call.hops < this.maxHops) {
        const answer = await forward(target, remaining);
        if (answer !== null) return { remote: answer };
      }
      await sleep(Math.min(RETRY_MS, Math.max(0, deadline - Date.now())));
    }
  }

  /**
   * Explicit acknowledgement, served where the group lives. Resolves with the
   * number of batches acknowledged here (0: nothing of that name in flight).
   */
  async ack<R>(ref: GroupRef, consumer: string, batchId: string | undefined, hops: number, forward: Forward<R>): Promise<Routed<number, R>> {
    const moving = this.moving.get(ref.group);
    if (moving) await moving;
    const local = this.sessions.get(ref.group);
    if (local) return { local: await local.session.acknowledge(consumer, batchId) };
    const holder = await this.guard(this.o.store.holder(ref.group));
    if (holder && holder !== this.id && hops < this.maxHops) {
      const answer = await forward(urlOf(holder), 0);
      if (answer !== null) return { remote: answer };
    }
    return { local: 0 };
  }

  /** Groups served here (tests, diagnostics). */
  ownedGroups(): string[] {
    return [...this.sessions.keys()];
  }

  /** Graceful shutdown (see the class comment). Idempotent. */
  shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      await this.guard(this.o.store.withdraw(this.id)).catch(() => undefined);
      await Promise.all([...this.sessions.keys()].map((group) => this.handOver(group, this.o.drainTimeoutMs)));
      await Promise.all(this.moving.values());
      clearInterval(this.timer);
    })();
    return this.stopping;
  }

  /** The local session, opened when this replica takes the lease; null when another replica holds it. */
  private async sessionFor(ref: GroupRef, remaining: number): Promise<LeasedGroup | null> {
    const moving = this.moving.get(ref.group);
    if (moving) await Promise.race([moving, sleep(remaining)]);
    const existing = this.sessions.get(ref.group);
    if (existing) return existing.session;
    if (this.stopping) return null;
    const holder = await this.guard(this.o.store.acquire(ref.group, this.id, this.o.leaseTtlMs));
    if (holder !== this.id) return null;
    const again = this.sessions.get(ref.group); // a concurrent request may have opened it meanwhile
    if (again) return again.session;
    const session = new LeasedGroup(this.o.log, ref.topic, ref.group, this.o.visibilityTimeoutMs, this.o.onError, this.o.lapsedHoldMs);
    this.sessions.set(ref.group, { session, renewedAt: Date.now() });
    return session;
  }

  /** Where to send a request this replica does not serve: the holder, or any live peer while we shut down. */
  private async elsewhere(ref: GroupRef): Promise<string | null> {
    const holder = await this.guard(this.o.store.holder(ref.group));
    if (holder && holder !== this.id) return urlOf(holder);
    if (!this.stopping) return null;
    const peers = (await this.guard(this.o.store.members())).filter((m) => m !== this.id);
    return peers.length ? urlOf(peers[Math.floor(Math.random() * peers.length)]) : null;
  }

  /** Drain, commit, leave the Kafka group, free the lease; requests arriving meanwhile wait for it. */
  private handOver(group: string, drainMs: number): Promise<void> {
    const entry = this.sessions.get(group);
    if (!entry) return Promise.resolve();
    const done = (async () => {
      try {
        await entry.session.drain(drainMs);
        await this.o.log.closeGroup(group).catch((e: Error) => this.o.onError?.(`leaving group ${group} failed: ${e.message}`));
      } finally {
        entry.session.close();
        this.sessions.delete(group);
        await this.o.store.release(group, this.id).catch(() => undefined);
        this.moving.delete(group);
      }
    })();
    this.moving.set(group, done);
    return done;
  }

  /** Lost the lease (expired, or Redis unreachable for too long): stop serving at once, commit nothing more. */
  private abandon(group: string): void {
    const entry = this.sessions.get(group);
    if (!entry) return;
    this.o.onError?.(`lease of consumer group ${group} lost; another replica takes it over`);
    entry.session.close();
    this.sessions.delete(group);
    void this.o.log.closeGroup(group).catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (!this.stopping) await this.announce();
    const now = Date.now();
    await Promise.all(
      [...this.sessions].map(async ([group, entry]) => {
        if (!this.stopping && !this.moving.has(group) && entry.session.isIdle(now, this.o.groupIdleMs)) {
          void this.handOver(group, 0);
          return;
        }
        // Renewed while draining too: the lease must not lapse before the Kafka group was left.
        try {
          if (await this.o.store.renew(group, this.id, this.o.leaseTtlMs)) entry.renewedAt = Date.now();
          else this.abandon(group);
        } catch {
          // Renewal unknown: keep serving only while the lease surely has not lapsed.
          if (Date.now() - entry.renewedAt > this.o.leaseTtlMs * 0.8) this.abandon(group);
        }
      }),
    );
  }

  private async announce(): Promise<void> {
    await this.o.store.announce(this.id, this.o.leaseTtlMs).catch(() => undefined);
  }

  /** Lease store failures: the request cannot be routed, 503. */
  private async guard<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (e) {
      throw new LogError(LogErrorKind.Unavailable, `lease store unavailable: ${(e as Error).message}`);
    }
  }
}

/** The URL part of a holder id. */
export function urlOf(holder: string): string {
  return holder.split(' ')[0];
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
