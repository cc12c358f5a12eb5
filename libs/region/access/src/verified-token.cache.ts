import { VerifiedToken } from './verified-token';

/**
 * Bounded LRU of verified tokens keyed by the exact token string, so a token
 * seen before costs a map lookup instead of a signature check. Entries die at
 * the token's exp. Revocation is not cached here: it is checked on every request.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedToken>();

  constructor(private readonly maxEntries = 10_000) {}

  get(token: string, nowMs: number): VerifiedToken | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    this.entries.delete(token);
    if (hit.expiresAtMs <= nowMs) return undefined;
    this.entries.set(token, hit); // most recently used goes last
    return hit;
  }

  set(token: string, verified: VerifiedToken): void {
    this.entries.delete(token);
    this.entries.set(token, verified);
    if (this.entries.size > this.maxEntries) {
      // Map iterates in insertion order: the first key is the least recently used.
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }

  /** Forgets tokens signed by keys that were retired. */
  dropKids(kids: string[]): void {
    const gone = new Set(kids);
    for (const [token, v] of this.entries) if (gone.has(v.kid)) this.entries.delete(token);
  }

  get size(): number {
    return this.entries.size;
  }
}
