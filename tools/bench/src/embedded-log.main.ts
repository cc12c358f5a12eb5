import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { createEmbeddedLogBackend, type EmbeddedLogBackend, type ProduceRecord } from '@restgw/message-log';
import { freePort, startEmbeddedPostgres } from '@restgw/testing';

/**
 * `npm run bench:embedded-log`: batch produce and batch consume of the embedded
 * log, straight through the LogBackend (no HTTP), on the local profile's
 * embedded PostgreSQL in a temporary data directory (or `--database-url URL`).
 * Every loop is bounded in time and count.
 */
const REPO_ROOT = join(__dirname, '../../../..');

interface Row {
  workload: string;
  batch: number;
  concurrency: number;
  messages: number;
  elapsedMs: number;
  messagesPerSec: number;
  mbPerSec: number;
}

const PAYLOAD_BYTES = 1024;

function args() {
  const a = process.argv.slice(2);
  const get = (name: string) => {
    const i = a.indexOf(name);
    return i >= 0 ? a[i + 1] : undefined;
  };
  return {
    databaseUrl: get('--database-url'),
    durationMs: Number(get('--duration') ?? 5) * 1000,
    quick: a.includes('--quick'),
  };
}

function records(n: number, tag: string): ProduceRecord[] {
  return Array.from({ length: n }, (_, i) => ({ value: randomBytes(PAYLOAD_BYTES), headers: { 'content-type': 'application/octet-stream', 'x-n': `${tag}-${i}` } }));
}

async function produceLoop(log: EmbeddedLogBackend, topic: string, batch: number, concurrency: number, durationMs: number): Promise<Row> {
  const template = records(batch, 'p');
  let messages = 0;
  const started = Date.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      // Bounded in time and in count.
      for (let i = 0; i < 1_000_000 && Date.now() < deadline; i++) {
        await log.produce(topic, template);
        messages += batch;
      }
    }),
  );
  return row(`produce batch`, batch, concurrency, messages, Date.now() - started);
}

async function consumeAll(log: EmbeddedLogBackend, topic: string, batch: number, total: number, durationMs: number): Promise<Row> {
  const group = `bench-${randomBytes(4).toString('hex')}`;
  let messages = 0;
  const started = Date.now();
  const deadline = started + durationMs * 4;
  while (messages < total && Date.now() < deadline) {
    const delivered = await log.fetch({ topic, group, maxRecords: batch, maxWaitMs: 1000 });
    if (delivered.records.length === 0) break;
    await delivered.commit();
    messages += delivered.records.length;
  }
  return row('consume batch', batch, 1, messages, Date.now() - started);
}

function row(workload: string, batch: number, concurrency: number, messages: number, elapsedMs: number): Row {
  const perSec = messages / (elapsedMs / 1000);
  return { workload, batch, concurrency, messages, elapsedMs, messagesPerSec: Math.round(perSec), mbPerSec: Math.round(((perSec * PAYLOAD_BYTES) / 1e6) * 10) / 10 };
}

async function main(): Promise<void> {
  const opts = args();
  const durationMs = opts.quick ? 1500 : opts.durationMs;
  let dataDir: string | null = null;
  let stopServer: (() => Promise<void>) | null = null;
  let url = opts.databaseUrl;
  if (!url) {
    dataDir = mkdtempSync(join(os.tmpdir(), 'restgw-bench-'));
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), password: 'bench', log: () => undefined });
    stopServer = server.stop;
    url = server.url.replace(/\/restgw$/, '/postgres');
  }
  const log = createEmbeddedLogBackend({ connectionString: url, schema: `bench_${randomBytes(3).toString('hex')}` });
  const rows: Row[] = [];
  const print = (r: Row) => console.log(`${r.workload.padEnd(14)} batch ${String(r.batch).padStart(5)}  conc ${String(r.concurrency).padStart(2)}  ${String(r.messagesPerSec).padStart(8)} msg/s  ${String(r.mbPerSec).padStart(6)} MB/s  (${r.messages} in ${r.elapsedMs} ms)`);
  try {
    for (const batch of [10, 100, 1000]) {
      for (const concurrency of [1, 4]) {
        const topic = `bench.produce-${batch}-${concurrency}`;
        await log.ensureTopic({ name: topic, partitions: 4 });
        const r = await produceLoop(log, topic, batch, concurrency, durationMs);
        rows.push(r);
        print(r);
      }
    }
    const topic = 'bench.consume';
    await log.ensureTopic({ name: topic, partitions: 4 });
    const total = opts.quick ? 20_000 : 100_000;
    for (let i = 0; i < total / 1000; i++) await log.produce(topic, records(1000, `c${i}`));
    for (const batch of [10, 100, 1000]) {
      const r = await consumeAll(log, topic, batch, batch === 10 ? total / 10 : total, durationMs);
      rows.push(r);
      print(r);
    }
  } finally {
    await log.close();
    await stopServer?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  const stamp = new Date().toISOString().replace(/:/g, '-').replace(/\..+/, 'Z');
  const dir = join(REPO_ROOT, 'tools/bench/results', `embedded-log-${stamp}`);
  mkdirSync(dir, { recursive: true });
  const meta = { cores: os.cpus().length, loadavg: os.loadavg(), node: process.version, payloadBytes: PAYLOAD_BYTES, durationMs, database: opts.databaseUrl ? 'given URL' : 'embedded PostgreSQL (temporary data dir)' };
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ meta, rows }, null, 2) + '\n');
  console.log(`\nload average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; results in ${relative(REPO_ROOT, dir)}/results.json`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
