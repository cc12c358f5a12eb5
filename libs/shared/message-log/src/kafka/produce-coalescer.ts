import { LogError, LogErrorKind, type ProduceRecord } from '../log-backend';

export type SendRecords = (topic: string, records: ProduceRecord[]) => Promise<void>;

/**
 * Keeps one request under the broker's default message.max.bytes (1 MiB per
 * partition batch) with room for framing, so coalescing small records never
 * produces a request the broker refuses.
 */
export const DEFAULT_MAX_SEND_BYTES = 900 * 1024;

interface Ticket {
  remaining: number;
  failed: boolean;
  resolve(): void;
  reject(e: unknown): void;
}

interface Part {
  ticket: Ticket;
  records: ProduceRecord[];
  bytes: number;
}

interface TopicQueue {
  pending: Part[];
  sending: boolean;
}

export function produceRecordBytes(r: ProduceRecord): number {
  let n = r.value.length + (r.key?.length ?? 0) + 32;
  for (const [k, v] of Object.entries(r.headers)) n += Buffer.byteLength(k) + Buffer.byteLength(v) + 8;
  return n;
}

/**
 * Coalesces concurrent produce() calls to the same topic: the first call is
 * sent at once; calls arriving while that send is in flight are queued and go
 * out together in the next send as soon as it returns. No timer, so an idle
 * path costs no latency, and a busy topic makes one request per round trip.
 * Every caller gets its own outcome: when a combined send is refused as too
 * large, its parts are retried one by one so only the oversized caller fails.
 */
export class ProduceCoalescer {
  private readonly queues = new Map<string, TopicQueue>();
  /** Topic pumps running, so close() can let accepted records reach the log first. */
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly send: SendRecords,
    private readonly maxSendBytes = DEFAULT_MAX_SEND_BYTES,
  ) {}

  produce(topic: string, records: ProduceRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const parts = this.split(records);
      const ticket: Ticket = { remaining: parts.length, failed: false, resolve, reject };
      let queue = this.queues.get(topic);
      if (!queue) {
        queue = { pending: [], sending: false };
        this.queues.set(topic, queue);
      }
      for (const p of parts) queue.pending.push({ ticket, ...p });
      if (!queue.sending) {
        const pump = this.pump(topic, queue).finally(() => this.running.delete(pump));
        this.running.add(pump);
      }
    });
  }

  /** A caller's records in pieces of at most maxSendBytes (a single record may exceed it: the broker decides). */
  private split(records: ProduceRecord[]): Array<{ records: ProduceRecord[]; bytes: number }> {
    const parts: Array<{ records: ProduceRecord[]; bytes: number }> = [];
    let current = { records: [] as ProduceRecord[], bytes: 0 };
    for (const r of records) {
      const size = produceRecordBytes(r);
      if (current.records.length && current.bytes + size > this.maxSendBytes) {
        parts.push(current);
        current = { records: [], bytes: 0 };
      }
      current.records.push(r);
      current.bytes += size;
    }
    parts.push(current);
    return parts;
  }

  /** Resolves once every record accepted so far was sent (or failed). */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  private async pump(topic: string, queue: TopicQueue): Promise<void> {
    queue.sending = true;
    try {
      for (;;) {
        const parts = this.nextSend(queue);
        if (!parts.length) break;
        await this.sendParts(topic, parts);
      }
    } finally {
      // The loop only ends on an empty queue; the next produce() starts a new one.
      queue.sending = false;
      this.queues.delete(topic);
    }
  }

  /** Takes queued parts up to the byte budget (at least one), skipping parts of callers that already failed. */
  private nextSend(queue: TopicQueue): Part[] {
    const parts: Part[] = [];
    let bytes = 0;
    while (queue.pending.length) {
      const next = queue.pending[0];
      if (next.ticket.failed) {
        queue.pending.shift();
        continue;
      }
      if (parts.length && bytes + next.bytes > this.maxSendBytes) break;
      parts.push(queue.pending.shift()!);
      bytes += next.bytes;
    }
    return parts;
  }

  private async sendParts(topic: string, parts: Part[]): Promise<void> {
    try {
      await this.send(topic, parts.flatMap((p) => p.records));
    } catch (e) {
      if (parts.length > 1 && e instanceof LogError && e.kind === LogErrorKind.TooLarge) {
        for (const p of parts) if (!p.ticket.failed) await this.sendParts(topic, [p]);
        return;
      }
      for (const p of parts) fail(p.ticket, e);
      return;
    }
    for (const p of parts) {
      if (--p.ticket.remaining === 0 && !p.ticket.failed) p.ticket.resolve();
    }
  }
}

function fail(ticket: Ticket, e: unknown): void {
  if (ticket.failed) return;
  ticket.failed = true;
  ticket.reject(e);
}
