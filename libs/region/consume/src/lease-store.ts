/**
 * Who owns a consumer group in a region, and which gateway replicas are alive.
 * A lease is a key holding its holder's id for ttlMs; the holder renews it and
 * it lapses when the holder dies. Implementations: StateLeaseStore (the
 * state store, shared by the region's replicas) and MemoryLeaseStore (one process).
 */
export interface LeaseStore {
  /** Takes the lease when free (or extends it when already ours); returns the holder after the attempt. */
  acquire(key: string, holder: string, ttlMs: number): Promise<string>;
  /** The current holder, null when free. */
  holder(key: string): Promise<string | null>;
  /**
   * Extends the lease, or takes it again when it is free (it lapsed while the
   * store was unreachable, or the store restarted empty: its holder still
   * serves the group); false when another holder has it.
   */
  renew(key: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Frees the lease if it is ours. */
  release(key: string, holder: string): Promise<void>;
  /** Registers (or refreshes) a live replica for ttlMs. */
  announce(member: string, ttlMs: number): Promise<void>;
  withdraw(member: string): Promise<void>;
  /** Live replicas. */
  members(): Promise<string[]>;
}

/** The single-process store (one replica, e.g. the local profile): same semantics, nothing shared. */
export class MemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, { holder: string; until: number }>();
  private readonly live = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async acquire(key: string, holder: string, ttlMs: number): Promise<string> {
    const current = await this.holder(key);
    if (current === null || current === holder) {
      this.leases.set(key, { holder, until: this.now() + ttlMs });
      return holder;
    }
    return current;
  }

  async holder(key: string): Promise<string | null> {
    const lease = this.leases.get(key);
    if (!lease) return null;
    if (lease.until <= this.now()) {
      this.leases.delete(key);
      return null;
    }
    return lease.holder;
  }

  async renew(key: string, holder: string, ttlMs: number): Promise<boolean> {
    const current = await this.holder(key);
    if (current !== null && current !== holder) return false;
    this.leases.set(key, { holder, until: this.now() + ttlMs });
    return true;
  }

  async release(key: string, holder: string): Promise<void> {
    if ((await this.holder(key)) === holder) this.leases.delete(key);
  }

  async announce(member: string, ttlMs: number): Promise<void> {
    this.live.set(member, this.now() + ttlMs);
  }

  async withdraw(member: string): Promise<void> {
    this.live.delete(member);
  }

  async members(): Promise<string[]> {
    const now = this.now();
    return [...this.live].filter(([, until]) => until > now).map(([m]) => m);
  }
}
