/**
 * The load of one chaos scenario, as customers' clients would make it:
 * producers sending numbered batches to random live gateway replicas, the
 * members of one consumer group polling random replicas (asking again
 * acknowledges), and a login now and then. Everything observed is recorded
 * for the verdict: which messages were acknowledged to producers, what each
 * consumer received, every answer's status, and when things last worked.
 */

export interface WorkloadOptions {
  /** Base URLs of the replicas believed alive (read per request). */
  urls: () => string[];
  token: string;
  station: string;
  group: string;
  producers: number;
  /** Messages per produce request, and produce requests per second per producer. */
  batch: number;
  ratePerProducer: number;
  consumers: number;
  consumeBatch: number;
  consumeWaitMs: number;
  /** Credentials for the login probe (one login every loginEveryMs). */
  login: { username: string; password: string; accountId: number };
  loginEveryMs: number;
}

/** What one request kind saw: statuses (0 = no answer: connection refused or reset, timeout). */
export interface StatusCounts {
  [status: string]: number;
}

export interface Observations {
  acknowledged: Set<string>;
  /** Message -> how often live consumers received it. */
  received: Map<string, number>;
  /** Message -> when it first arrived. */
  firstReceivedAt: Map<string, number>;
  produce: StatusCounts;
  consume: StatusCounts;
  login: StatusCounts;
  /** Times (ms since epoch) of successes, for recovery. */
  produceOkAt: number[];
  consumeOkAt: number[];
  loginOkAt: number[];
  /** Largest time a consume answer took beyond its batch_max_wait_time_ms. */
  maxConsumeOverrunMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];
const bump = (counts: StatusCounts, status: number) => (counts[String(status)] = (counts[String(status)] ?? 0) + 1);

export class Workload {
  readonly seen: Observations = {
    acknowledged: new Set(),
    received: new Map(),
    firstReceivedAt: new Map(),
    produce: {},
    consume: {},
    login: {},
    produceOkAt: [],
    consumeOkAt: [],
    loginOkAt: [],
    maxConsumeOverrunMs: 0,
  };
  private producing = false;
  private consuming = false;
  private next = 0;
  private readonly loops: Array<Promise<void>> = [];

  constructor(
    private readonly o: WorkloadOptions,
    private readonly prefix: string,
  ) {}

  start(): void {
    this.producing = true;
    this.consuming = true;
    for (let i = 0; i < this.o.producers; i++) this.loops.push(this.produceLoop());
    for (let i = 0; i < this.o.consumers; i++) this.loops.push(this.consumeLoop(`${this.o.group}-c${i + 1}`));
    this.loops.push(this.loginLoop());
  }

  /** Resolves once messages flow end to end (the station and its topic exist, the group has an owner). */
  async flowing(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.seen.consumeOkAt.length === 0) {
      if (Date.now() > deadline) throw new Error(`no message consumed within ${timeoutMs} ms of the start`);
      await sleep(100);
    }
  }

  /** Producers stop; consumers go on until every acknowledged message arrived or drainMs passed. */
  async finish(drainMs: number): Promise<void> {
    this.producing = false;
    const deadline = Date.now() + drainMs;
    while (Date.now() < deadline && [...this.seen.acknowledged].some((m) => !this.seen.received.has(m))) await sleep(200);
    this.consuming = false;
    await Promise.all(this.loops);
  }

  /**
   * A consumer that takes one batch and never comes back (its process died):
   * resolves with the messages it took, which the group must deliver again to
   * its live members after the visibility timeout. Not counted as received.
   */
  async abandonBatch(): Promise<string[]> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const res = await this.call('consume/batch', { consumer_name: `${this.o.group}-abandoned`, consumer_group: this.o.group, batch_size: this.o.consumeBatch, batch_max_wait_time_ms: 1000 });
      if (res?.status === 200) {
        const messages = (JSON.parse(res.text) as Array<{ message: string }>).map((m) => JSON.parse(m.message) as string);
        if (messages.length) return messages;
      }
      await sleep(100);
    }
    throw new Error('the abandoned consumer never got a batch');
  }

  private async produceLoop(): Promise<void> {
    const interval = 1000 / this.o.ratePerProducer;
    while (this.producing) {
      const started = Date.now();
      const numbers = Array.from({ length: this.o.batch }, () => `${this.prefix}-${this.next++}`);
      const res = await this.call('produce/batch', numbers, 30_000);
      bump(this.seen.produce, res?.status ?? 0);
      if (res?.status === 200) {
        for (const n of numbers) this.seen.acknowledged.add(n);
        this.seen.produceOkAt.push(Date.now());
      }
      await sleep(Math.max(0, interval - (Date.now() - started)));
    }
  }

  private async consumeLoop(name: string): Promise<void> {
    while (this.consuming) {
      const started = Date.now();
      const res = await this.call('consume/batch', {
        consumer_name: name,
        consumer_group: this.o.group,
        batch_size: this.o.consumeBatch,
        batch_max_wait_time_ms: this.o.consumeWaitMs,
      });
      const took = Date.now() - started;
      bump(this.seen.consume, res?.status ?? 0);
      if (res?.status === 200) {
        this.seen.maxConsumeOverrunMs = Math.max(this.seen.maxConsumeOverrunMs, took - this.o.consumeWaitMs);
        const messages = JSON.parse(res.text) as Array<{ message: string }>;
        const now = Date.now();
        for (const { message: raw } of messages) {
          const message = JSON.parse(raw) as string; // produced as JSON strings (elements of a batch)
          this.seen.received.set(message, (this.seen.received.get(message) ?? 0) + 1);
          if (!this.seen.firstReceivedAt.has(message)) this.seen.firstReceivedAt.set(message, now);
        }
        if (messages.length) this.seen.consumeOkAt.push(Date.now());
      } else {
        await sleep(100);
      }
    }
  }

  private async loginLoop(): Promise<void> {
    while (this.consuming) {
      const urls = this.o.urls();
      let status = 0;
      try {
        const res = await fetch(`${pick(urls)}/auth/authenticate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: this.o.login.username, password: this.o.login.password, account_id: this.o.login.accountId }),
          signal: AbortSignal.timeout(15_000),
        });
        await res.text();
        status = res.status;
      } catch {
        status = 0;
      }
      bump(this.seen.login, status);
      if (status === 200) this.seen.loginOkAt.push(Date.now());
      await sleep(this.o.loginEveryMs);
    }
  }

  private async call(route: string, body: unknown, timeoutMs = this.o.consumeWaitMs + 15_000): Promise<{ status: number; text: string } | null> {
    const urls = this.o.urls();
    try {
      const res = await fetch(`${pick(urls)}/stations/${this.o.station}/${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.o.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: res.status, text: await res.text() };
    } catch {
      return null;
    }
  }
}
