import { ConsumedRecord, DeliveredBatch, FetchRequest, LogBackend, LogError, ProduceRecord, TopicSpec } from '@restgw/log';

/**
 * A LogBackend in memory for in-process HTTP tests of the gateway (one
 * partition per topic, one consumer per group at a time). The real adapters
 * are covered by libs/log's contract suite and the e2e specs.
 */
export class InMemoryLogBackend implements LogBackend {
  readonly topics = new Map<string, ConsumedRecord[]>();
  readonly committed = new Map<string, number>();
  readonly ensured: string[] = [];
  /** Thrown by the next produce() calls while set. */
  failProduce?: LogError;
  ready = true;
  commits = 0;
  releases = 0;

  async ensureTopic(spec: TopicSpec): Promise<void> {
    this.ensured.push(spec.name);
    if (!this.topics.has(spec.name)) this.topics.set(spec.name, []);
  }

  async produce(topic: string, records: ProduceRecord[]): Promise<void> {
    if (this.failProduce) throw this.failProduce;
    const log = this.topics.get(topic);
    if (!log) throw new Error(`topic ${topic} was not ensured`);
    for (const r of records) {
      log.push({ value: Buffer.from(r.value), headers: { ...r.headers }, partition: 0, offset: String(log.length), timestamp: Date.now() });
    }
  }

  async fetch(req: FetchRequest): Promise<DeliveredBatch> {
    const key = `${req.group}|${req.topic}`;
    const deadline = Date.now() + req.maxWaitMs;
    const from = this.committed.get(key) ?? 0;
    const log = this.topics.get(req.topic) ?? [];
    while (log.length - from < req.maxRecords && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const records = log.slice(from, from + req.maxRecords);
    return {
      records,
      commit: async () => {
        this.commits++;
        this.committed.set(key, from + records.length);
      },
      release: async () => {
        this.releases++;
      },
    };
  }

  async isReady(): Promise<boolean> {
    return this.ready;
  }

  async close(): Promise<void> {}

  stored(topic: string): ConsumedRecord[] {
    return this.topics.get(topic) ?? [];
  }
}
