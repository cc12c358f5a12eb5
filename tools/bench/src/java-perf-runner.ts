import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Workload } from './workloads';

/**
 * The second ceiling: Kafka's own Java performance tools (ProducerPerformance,
 * ConsumerPerformance from kafka-tools, in the jar cache infra/kafka/kafka.sh
 * fetches), run with `java -cp` on the same broker. They show what the broker
 * does on this machine with the reference client, so the report tells how far
 * kafkajs and the gateway each are from it.
 */

export interface JavaMeasured {
  messages: number;
  bytes: number;
  messagesPerSec: number;
  mbPerSec: number;
  /** Producer: per record, send() to acknowledgement; consumer: none. */
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  elapsedMs: number;
  /** user + system CPU seconds of the JVM, start-up and JIT included (from the shell's `times`). */
  cpuSeconds: number | null;
  /** The producer's or consumer's settings and the tool's arguments, for the report. */
  settings: Record<string, string>;
}

/** Properties of the Java producer for a workload: acks and idempotence as the gateway's, batches sized to the workload. */
export function javaProducerProps(w: Workload, bootstrap: string): Record<string, string> {
  // At most ~1 MB: the broker refuses larger record batches (message.max.bytes).
  const batchBytes = w.kind === 'produce-batch' ? Math.min(1_000_000, Math.max(16_384, w.batch * (w.size + 80))) : 16_384;
  return {
    'bootstrap.servers': bootstrap,
    acks: 'all',
    'enable.idempotence': 'true',
    'max.in.flight.requests.per.connection': '1',
    'linger.ms': '0',
    'batch.size': String(batchBytes),
    'max.request.size': String(Math.max(1_048_576, batchBytes + 4096)),
    'compression.type': 'none',
  };
}

/** Properties of the Java consumer: at most `batch` records per poll, like one consume request. */
export function javaConsumerProps(w: Extract<Workload, { kind: 'consume-batch' }>, bootstrap: string): Record<string, string> {
  return {
    'bootstrap.servers': bootstrap,
    'max.poll.records': String(w.batch),
    'fetch.max.wait.ms': '500',
    'enable.auto.commit': 'true',
    'auto.offset.reset': 'earliest',
  };
}

/**
 * ProducerPerformance's summary line:
 * `N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, P50 ms 50th, P95 ms 95th, P99 ms 99th, P999 ms 99.9th.`
 */
export function parseProducerSummary(out: string): { records: number; perSec: number; mbPerSec: number; p50: number; p99: number; p999: number } | null {
  const re =
    /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), [\d.]+ ms avg latency, [\d.]+ ms max latency, (\d+) ms 50th, \d+ ms 95th, (\d+) ms 99th, (\d+) ms 99\.9th/g;
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(out); m; m = re.exec(out)) last = m;
  if (!last) return null;
  return { records: Number(last[1]), perSec: Number(last[2]), mbPerSec: Number(last[3]), p50: Number(last[4]), p99: Number(last[5]), p999: Number(last[6]) };
}

/**
 * ConsumerPerformance's header and data line (comma-separated); the fetch.*
 * columns leave out the group join (rebalance.time.ms), like the warm-up the
 * gateway and kafkajs runs leave out.
 */
export function parseConsumerSummary(out: string): { messages: number; mb: number; fetchMs: number; perSec: number; mbPerSec: number } | null {
  const lines = out.split('\n').map((l) => l.trim());
  const h = lines.findIndex((l) => l.startsWith('start.time'));
  if (h < 0 || !lines[h + 1]) return null;
  const names = lines[h].split(',').map((s) => s.trim());
  const values = lines[h + 1].split(',').map((s) => s.trim());
  const get = (name: string) => Number(values[names.indexOf(name)]);
  const r = { messages: get('data.consumed.in.nMsg'), mb: get('data.consumed.in.MB'), fetchMs: get('fetch.time.ms'), perSec: get('fetch.nMsg.sec'), mbPerSec: get('fetch.MB.sec') };
  return Object.values(r).every(Number.isFinite) ? r : null;
}

/** The children's user and system times from bash's `times` (second line: `0m1.234s 0m0.567s`). */
export function parseTimes(stderr: string): number | null {
  const lines = stderr.trim().split('\n');
  const m = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines[lines.length - 1]?.trim() ?? '');
  if (!m) return null;
  return Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
}

function propsText(props: Record<string, string>): string {
  return Object.entries(props)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}

export class JavaPerfRunner {
  private readonly dir = mkdtempSync(join(os.tmpdir(), 'restgw-bench-java-'));

  constructor(
    private readonly libDir: string,
    private readonly brokers: string[],
    private readonly java = 'java',
  ) {
    if (!existsSync(libDir)) throw new Error(`no Kafka jars in ${libDir}: run npm run kafka -- fetch`);
  }

  /** Sends `records` records of the workload's size as fast as the producer goes (--throughput -1). */
  async produce(w: Workload, topic: string, records: number): Promise<JavaMeasured> {
    if (w.kind !== 'produce-single' && w.kind !== 'produce-batch') throw new Error(`${w.kind} has no Java producer run`);
    const props = javaProducerProps(w, this.brokers.join(','));
    const file = join(this.dir, `producer-${Date.now()}.properties`);
    writeFileSync(file, propsText(props));
    const args = ['--topic', topic, '--num-records', String(records), '--record-size', String(w.size), '--throughput', '-1', '--producer.config', file];
    const { stdout, cpuSeconds } = await this.run('org.apache.kafka.tools.ProducerPerformance', args, 120_000);
    const s = parseProducerSummary(stdout);
    if (!s) throw new Error(`ProducerPerformance printed no summary: ${stdout.slice(-300)}`);
    return {
      messages: s.records,
      bytes: s.records * w.size,
      messagesPerSec: s.perSec,
      mbPerSec: s.mbPerSec,
      p50Ms: s.p50,
      p99Ms: s.p99,
      p999Ms: s.p999,
      elapsedMs: s.perSec > 0 ? (s.records / s.perSec) * 1000 : 0,
      cpuSeconds,
      settings: { tool: 'ProducerPerformance', records: String(records), recordSize: String(w.size), throughput: 'unlimited', ...props },
    };
  }

  /** Reads `messages` records from the beginning of a pre-filled topic in a fresh group. */
  async consume(w: Extract<Workload, { kind: 'consume-batch' }>, topic: string, messages: number): Promise<JavaMeasured> {
    const props = javaConsumerProps(w, this.brokers.join(','));
    const file = join(this.dir, `consumer-${Date.now()}.properties`);
    writeFileSync(file, propsText(props));
    const group = `bench-java-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const args = ['--bootstrap-server', this.brokers.join(','), '--topic', topic, '--messages', String(messages), '--group', group, '--timeout', '15000', '--consumer.config', file];
    const { stdout, cpuSeconds } = await this.run('org.apache.kafka.tools.ConsumerPerformance', args, 120_000);
    const s = parseConsumerSummary(stdout);
    if (!s) throw new Error(`ConsumerPerformance printed no summary: ${stdout.slice(-300)}`);
    return {
      messages: s.messages,
      bytes: Math.round(s.mb * 1024 * 1024),
      messagesPerSec: s.perSec,
      mbPerSec: s.mbPerSec,
      p50Ms: NaN,
      p99Ms: NaN,
      p999Ms: NaN,
      elapsedMs: s.fetchMs,
      cpuSeconds,
      settings: { tool: 'ConsumerPerformance', messages: String(messages), ...props },
    };
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** `java -cp <lib>/* CLASS ARGS` under bash, whose `times` then reports the JVM's CPU. */
  private run(cls: string, args: string[], timeoutMs: number): Promise<{ stdout: string; cpuSeconds: number | null }> {
    const script = '"$@"; rc=$?; times >&2; exit $rc';
    const argv = ['-c', script, 'bash', this.java, '-Xms256m', '-Xmx512m', '-Dlog4j.configuration=file:/dev/null', '-cp', `${this.libDir}/*`, cls, ...args];
    return new Promise((resolve, reject) => {
      const child = spawn('bash', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code !== 0) reject(new Error(`${cls} exited ${code}: ${(stderr || stdout).slice(-400)}`));
        else resolve({ stdout, cpuSeconds: parseTimes(stderr) });
      });
    });
  }
}
