import type { CommitPoint } from './offset-tracker';

/**
 * A group's commits, one write at a time, so a later (higher) commit point
 * never lands before an earlier one. Points requested while a write is under
 * way are merged into the next (the latest point per partition), so commits
 * never queue up behind a slow log. Each caller resolves once a write covering
 * its points succeeded; a failure goes to the callers of that write only, as
 * the adapter maps it (null: harmless, they resolve), and its points go into
 * the next write unless a later point replaced them (a commit lost while the
 * log was down is made with the next one, not only by a later acknowledgement
 * of the same partition).
 */
export class CommitQueue {
  private readonly pending = new Map<number, string>();
  /** Points of a failed write, written with the next one. */
  private readonly unwritten = new Map<number, string>();
  private waiters: Array<{ resolve(): void; reject(e: unknown): void }> = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly write: (points: CommitPoint[]) => Promise<void>,
    private readonly failed: (e: unknown) => unknown | null,
  ) {}

  commit(points: CommitPoint[]): Promise<void> {
    for (const [partition, offset] of this.unwritten) if (!this.pending.has(partition)) this.pending.set(partition, offset);
    this.unwritten.clear();
    for (const p of points) this.pending.set(p.partition, p.offset);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.running ??= this.loop();
    return done;
  }

  /** Resolves once no write is under way (never rejects). */
  async settled(): Promise<void> {
    await this.running;
  }

  private async loop(): Promise<void> {
    while (this.pending.size) {
      const points = [...this.pending].map(([partition, offset]) => ({ partition, offset }));
      this.pending.clear();
      const waiters = this.waiters.splice(0);
      try {
        await this.write(points);
        for (const w of waiters) w.resolve();
      } catch (e) {
        for (const p of points) if (!this.pending.has(p.partition)) this.unwritten.set(p.partition, p.offset);
        const error = this.failed(e);
        for (const w of waiters) {
          if (error) w.reject(error);
          else w.resolve();
        }
      }
    }
    this.running = null;
  }
}
