import { Logger } from '@nestjs/common';

/** Where a mirror reads its snapshots and hears of changes. */
export interface MirrorSource<Snapshot, Event> {
  /**
   * A complete snapshot, or null when the source holds none (a store that
   * restarted empty, state not published yet): the mirror then keeps what it
   * holds. Throws when the source is unreachable (the mirror keeps it too).
   */
  load(): Promise<Snapshot | null>;
  /** Starts delivering events; optional (a source without events is only reloaded). */
  subscribe?(sink: MirrorSink<Event>): Promise<void>;
}

export interface MirrorSink<Event> {
  /** A change, applied at once. */
  event(e: Event): void;
  /** Changes may have been missed (the subscription was re-made) or the source was republished: reload now. */
  reload(): void;
}

export interface MirrorOptions<State, Snapshot, Event> {
  /** For logs. */
  name: string;
  source: MirrorSource<Snapshot, Event>;
  /** The state to hold from a complete snapshot; `held` is the state held so far (undefined before the first load). */
  adopt(snapshot: Snapshot, held: State | undefined): State;
  /** Applies one event to the held state; also replays events that arrived during a reload onto the new state. */
  apply(state: State, event: Event): void;
  /** Period of full reloads once loaded (covers events lost while disconnected). */
  reloadIntervalMs: number;
  /** Period of load attempts until the first one succeeded (default: reloadIntervalMs, at most 1 s). */
  bootRetryMs?: number;
  /** Default: a Nest Logger named after the mirror. */
  logger?: Pick<Logger, 'warn' | 'log'>;
}

export type ReloadOutcome = 'loaded' | 'incomplete' | 'failed';

/**
 * An in-memory copy of shared state that never serves worse than what it last
 * knew. Loaded at boot (retried until it works), changed by events at once,
 * reloaded in full periodically and whenever events may have been missed.
 * Events that arrive while a reload is reading are replayed, in arrival
 * order, onto the new state before it replaces the held one, so a reload never
 * undoes a change whose event came in meanwhile. A source that is unreachable
 * or holds no complete snapshot leaves the held state as it is (last known
 * good). Used by the access-state mirror, the station directory mirror and
 * the JWKS cache.
 */
export class Mirror<State, Snapshot = State, Event = never> {
  private held: State | undefined;
  private reloading: Promise<ReloadOutcome> | null = null;
  private eventsDuringReload: Event[] | null = null;
  private timer?: NodeJS.Timeout;
  private running = false;
  /** The last reload's outcome, to log changes of it once rather than every period. */
  private lastOutcome: ReloadOutcome | null = null;
  private readonly logger: Pick<Logger, 'warn' | 'log'>;
  private readonly bootRetryMs: number;

  constructor(private readonly opts: MirrorOptions<State, Snapshot, Event>) {
    this.logger = opts.logger ?? new Logger(opts.name);
    this.bootRetryMs = opts.bootRetryMs ?? Math.min(opts.reloadIntervalMs, 1_000);
  }

  /** Subscribes, loads, and keeps reloading; does not wait for the first load. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.opts.source
      .subscribe?.({ event: (e) => this.apply(e), reload: () => void this.reload() })
      .catch((e: Error) => this.logger.warn(`${this.opts.name}: subscribe failed (${e.message}); retried when the source is back`));
    void this.reload();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.reloading?.catch(() => undefined);
  }

  /** Readiness: a complete snapshot was loaded at least once. */
  isLoaded(): boolean {
    return this.held !== undefined;
  }

  /** The held state; undefined until the first complete snapshot. */
  get state(): State | undefined {
    return this.held;
  }

  /** Applies a change now (and again on the snapshot of a reload in progress). Before the first load there is nothing to change: that load reads it. */
  apply(event: Event): void {
    this.eventsDuringReload?.push(event);
    if (this.held !== undefined) this.opts.apply(this.held, event);
  }

  /** Reloads in full now; concurrent calls share one run. */
  reload(): Promise<ReloadOutcome> {
    if (!this.reloading) {
      clearTimeout(this.timer);
      this.reloading = this.loadOnce().finally(() => {
        this.reloading = null;
        this.schedule();
      });
    }
    return this.reloading;
  }

  private schedule(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), this.isLoaded() ? this.opts.reloadIntervalMs : this.bootRetryMs);
    this.timer.unref();
  }

  private async loadOnce(): Promise<ReloadOutcome> {
    const events: Event[] = [];
    this.eventsDuringReload = events;
    let outcome: ReloadOutcome;
    let reason = '';
    try {
      const snapshot = await this.opts.source.load();
      if (snapshot === null) {
        outcome = 'incomplete';
      } else {
        const next = this.opts.adopt(snapshot, this.held);
        for (const e of events) this.opts.apply(next, e);
        this.held = next;
        outcome = 'loaded';
      }
    } catch (e) {
      outcome = 'failed';
      reason = (e as Error).message;
    } finally {
      this.eventsDuringReload = null;
    }
    this.report(outcome, reason);
    return outcome;
  }

  private report(outcome: ReloadOutcome, reason: string): void {
    const previous = this.lastOutcome;
    this.lastOutcome = outcome;
    if (outcome === previous) return;
    const keeping = this.isLoaded() ? 'keeping the last known state' : 'not loaded yet';
    if (outcome === 'failed') this.logger.warn(`${this.opts.name}: reload failed (${reason}); ${keeping}`);
    else if (outcome === 'incomplete') this.logger.warn(`${this.opts.name}: the source holds no complete snapshot (empty or not published yet); ${keeping}`);
    else if (previous !== null) this.logger.log(`${this.opts.name}: reloaded`);
  }
}
