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
  /** Aborted: answer now with what there is (nothing), e.g. the HTTP server is closing. */
  signal?: AbortSignal;
}

/** Sends the request to the replica at `url` with `remainingMs` left; null when it could not be reached. */
export type Forward<R> = (url: string, remainingMs: number) => Promise<R | null>;

export type Routed<T, R> = { local: T; remote?: undefined } | { local?: undefined; remote: R };

const RETRY_MS = 200;
/** A lease-store call gets at most this long (and never more than the request has left). */
export const STORE_TIMEOUT_MS = 1_000;
/** An explicit acknowledgement waits at most this long for its commit (it is recorded at once). */
export const ACK_COMMIT_WAIT_MS = 5_000;

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
  private readonly sessions = new Map<string, { session: LeasedGroup }>();
  private readonly moving = new Map<string, Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  private stopping: Promise<void> | null = null;
  private readonly maxHops: number;
  /** The holder each group was last seen with: requests still find the owner while the store is unreachable. */
  private readonly knownHolders = new Map<string, { holder: string; at: number }>();
  /** When a lease-store call last failed (0: never). */
  private storeFailedAt = 0;

  constructor(private readonly o: ConsumeCoordinatorOptions) {
    this.id = `${o.selfUrl} ${randomBytes(6).toString('hex')}`;
    this.maxHops = o.maxHops ?? 3;
    this.timer = setInterval(() => void this.tick(), Math.max(100, Math.floor(o.leaseTtlMs / 3)));
    this.timer.unref();
    void this.announce();
  }

  /**
   * Serves a consume request here or on the group's owner, within its
   * maxWaitMs: every wait on the way (lease look-ups, the owner moving, a
   * forward, the previous batch's commit) is bounded by what the request has
   * left, so an outage makes it answer late by at most a forward's margin.
   */
  async consume<R>(ref: GroupRef, call: ConsumeCall, forward: Forward<R>): Promise<Routed<Delivery, R>> {
    const deadline = Date.now() + call.maxWaitMs;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0 || call.signal?.aborted) return { local: EMPTY_DELIVERY };
      let route: { session: LeasedGroup } | { target: string | null };
      try {
        route = await this.route(ref, remaining);
      } catch (e) {
        // The store failed and no owner is known: 503, unless the request's time is up anyway.
        if (Date.now() >= deadline) return { local: EMPTY_DELIVERY };
        throw e;
      }
      if ('session' in route) {
        try {
          return { local: await route.session.fetch(call.consumer, call.maxRecords, remaining) };
        } catch (e) {
          if (e instanceof GroupMovingError) continue;
          throw e;
        }
      }
      if (route.target && call.hops < this.maxHops) {
        const answer = await forward(route.target, deadline - Date.now());
        if (answer !== null) return { remote: answer };
        this.forget(ref.group, route.target);
      }
      await sleep(Math.min(RETRY_MS, Math.max(0, deadline - Date.now())), call.signal);
    }
  }

  /**
   * Explicit acknowledgement, served where the group lives. Resolves with the
   * number of batches acknowledged here (0: nothing of that name in flight),
   * within about waitMs (the commit may finish later).
   */
  async ack<R>(ref: GroupRef, consumer: string, batchId: string | undefined, hops: number, forward: Forward<R>, waitMs = ACK_COMMIT_WAIT_MS): Promise<Routed<number, R>> {
    const moving = this.moving.get(ref.group);
    if (moving) await Promise.race([moving, sleep(waitMs)]);
    const local = this.sessions.get(ref.group);
    if (local) return { local: await local.session.acknowledge(consumer, batchId, waitMs) };
    const holder = await this.lookup(ref.group, () => this.o.store.holder(ref.group), STORE_TIMEOUT_MS);
    const target = holder && holder !== this.id ? this.peerUrl(holder) : null;
    if (target && hops < this.maxHops) {
      const answer = await forward(target, waitMs);
      if (answer !== null) return { remote: answer };
    }
    return { local: 0 };
  }

  /** Shutdown began: this replica takes no new groups (readiness says not ready). */
  isStopping(): boolean {
    return this.stopping !== null;
  }

  /** Groups served here (tests, diagnostics). */
  ownedGroups(): string[] {
    return [...this.sessions.keys()];
  }

  /** The groups served here with their topics and batches in flight (metrics). */
  ownedSessions(): Array<{ topic: string; group: string; inFlight: number }> {
    return [...this.sessions.values()].map(({ session }) => ({ topic: session.topic, group: session.group, inFlight: session.inFlight() }));
  }

  /** Graceful shutdown (see the class comment). Idempotent. */
  shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      await this.bounded(this.o.store.withdraw(this.id), STORE_TIMEOUT_MS).catch(() => undefined);
      await Promise.all([...this.sessions.keys()].map((group) => this.handOver(group, this.o.drainTimeoutMs)));
      await Promise.all(this.moving.values());
      clearInterval(this.timer);
    })();
    return this.stopping;
  }

  /** Where a request is served: the local session, or the replica at `target` (null: wait and look again). */
  private async route(ref: GroupRef, remaining: number): Promise<{ session: LeasedGroup } | { target: string | null }> {
    const moving = this.moving.get(ref.group);
    if (moving) await Promise.race([moving, sleep(remaining)]);
    const existing = this.sessions.get(ref.group);
    if (existing) return { session: existing.session };
    if (this.stopping) return { target: await this.elsewhere(ref, remaining) };
    // Just after a store outage, a lease that looks free may only have been lost with the store (an empty
    // restart): its owner takes it again at its next renewal. Until then, requests go to that owner.
    const known = this.knownHolders.get(ref.group);
    if (known && known.holder !== this.id && Date.now() - this.storeFailedAt < this.o.leaseTtlMs) return { target: this.peerUrl(known.holder) };
    const timeout = Math.min(STORE_TIMEOUT_MS, remaining);
    const holder = await this.lookup(ref.group, () => this.o.store.acquire(ref.group, this.id, this.o.leaseTtlMs), timeout);
    if (holder === null) throw new LogError(LogErrorKind.Unavailable, 'lease store unavailable and the group has no known owner');
    if (holder !== this.id) return { target: this.peerUrl(holder) };
    const again = this.sessions.get(ref.group); // a concurrent request may have opened it meanwhile
    if (again) return { session: again.session };
    const session = new LeasedGroup(this.o.log, ref.topic, ref.group, this.o.visibilityTimeoutMs, this.o.onError, this.o.lapsedHoldMs);
    this.sessions.set(ref.group, { session });
    return { session };
  }

  /** Where to send a request this replica does not serve: the holder, or any live peer while we shut down. */
  private async elsewhere(ref: GroupRef, remaining: number): Promise<string | null> {
    const timeout = Math.min(STORE_TIMEOUT_MS, remaining);
    const holder = await this.lookup(ref.group, () => this.o.store.holder(ref.group), timeout);
    if (holder && holder !== this.id && this.peerUrl(holder)) return this.peerUrl(holder);
    const peers = (await this.bounded(this.o.store.members(), timeout).catch(() => [] as string[])).filter((m) => m !== this.id);
    return peers.length ? urlOf(peers[Math.floor(Math.random() * peers.length)]) : null;
  }

  /**
   * A holder look-up in the store (bounded); remembered when it names one.
   * When the store fails, the holder last seen stands in (null: none known).
   */
  private async lookup(group: string, read: () => Promise<string | null>, timeoutMs: number): Promise<string | null> {
    try {
      const holder = await this.bounded(read(), timeoutMs);
      if (holder) this.knownHolders.set(group, { holder, at: Date.now() });
      return holder;
    } catch {
      return this.knownHolders.get(group)?.holder ?? null;
    }
  }

  /** Another holder's URL; null for a previous process at our own address (its lease lapses soon). */
  private peerUrl(holder: string): string | null {
    const url = urlOf(holder);
    return url === this.o.selfUrl ? null : url;
  }

  /** The owner we forwarded to did not answer: look it up in the store again next time. */
  private forget(group: string, url: string): void {
    const known = this.knownHolders.get(group);
    if (known && urlOf(known.holder) === url) this.knownHolders.delete(group);
  }

  /** A store call that gives up after timeoutMs; any failure marks the store as failing. */
  private async bounded<T>(p: Promise<T>, timeoutMs: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        p,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), Math.max(1, timeoutMs));
        }),
      ]);
    } catch (e) {
      this.storeFailedAt = Date.now();
      p.catch(() => undefined);
      throw new LogError(LogErrorKind.Unavailable, `lease store unavailable: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
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
        await this.bounded(this.o.store.release(group, this.id), STORE_TIMEOUT_MS).catch(() => undefined);
        this.moving.delete(group);
      }
    })();
    this.moving.set(group, done);
    return done;
  }

  /** Another replica holds the lease now: stop serving at once, commit nothing more. */
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
    for (const [group, known] of this.knownHolders) if (now - known.at > this.o.leaseTtlMs * 10) this.knownHolders.delete(group);
    await Promise.all(
      [...this.sessions].map(async ([group, entry]) => {
        if (!this.stopping && !this.moving.has(group) && entry.session.isIdle(now, this.o.groupIdleMs)) {
          void this.handOver(group, 0);
          return;
        }
        // Renewed while draining too: the lease must not lapse before the Kafka group was left.
        try {
          if (!(await this.bounded(this.o.store.renew(group, this.id, this.o.leaseTtlMs), STORE_TIMEOUT_MS))) this.abandon(group);
        } catch {
          // The store is unreachable: no replica can take the lease meanwhile, so this one keeps
          // serving the group and accepting acknowledgements for the batches it handed out; the
          // first renewal that reaches the store again re-takes the lease if it lapsed or was lost.
        }
      }),
    );
  }

  private async announce(): Promise<void> {
    await this.bounded(this.o.store.announce(this.id, this.o.leaseTtlMs), STORE_TIMEOUT_MS).catch(() => undefined);
  }
}

/** The URL part of a holder id. */
export function urlOf(holder: string): string {
  return holder.split(' ')[0];
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
