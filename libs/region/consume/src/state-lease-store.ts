import type { StateStore } from '@restgw/state';
import type { LeaseStore } from './lease-store';

/**
 * Leases in the region's state store (Redis, or PostgreSQL in the local
 * profile), shared by all its gateway replicas. Keys are relative to the
 * store's keyPrefix (the deployment's REDIS_KEY_PREFIX) and named per region
 * (`consume:<region>:`): regions sharing one store (npm start with REGIONS)
 * have groups of the same name, each read from its own log, so a replica
 * must never take another region's replica for a group's owner or a peer.
 */
export class StateLeaseStore implements LeaseStore {
  private readonly namespace: string;

  constructor(
    private readonly store: StateStore,
    regionId: string,
  ) {
    this.namespace = `consume:${regionId}:`;
  }

  acquire(key: string, holder: string, ttlMs: number): Promise<string> {
    return this.store.acquireLease(this.leaseKey(key), holder, ttlMs);
  }

  holder(key: string): Promise<string | null> {
    return this.store.leaseHolder(this.leaseKey(key));
  }

  renew(key: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.store.renewLease(this.leaseKey(key), holder, ttlMs);
  }

  release(key: string, holder: string): Promise<void> {
    return this.store.releaseLease(this.leaseKey(key), holder);
  }

  announce(member: string, ttlMs: number): Promise<void> {
    return this.store.announceMember(this.membersKey(), member, ttlMs);
  }

  withdraw(member: string): Promise<void> {
    return this.store.withdrawMember(this.membersKey(), member);
  }

  members(): Promise<string[]> {
    return this.store.liveMembers(this.membersKey());
  }

  /** The store key of a group's lease (tests read it to find the owner). */
  leaseKey(key: string): string {
    return `${this.namespace}owner:${key}`;
  }

  private membersKey(): string {
    return `${this.namespace}replicas`;
  }
}
