import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { parseBenchArgs, USAGE, type BenchArgs } from './args';
import { login, runGateway, type Measured } from './gateway-runner';
import { JavaPerfRunner, type JavaMeasured } from './java-perf-runner';
import { NativeRunner } from './native-runner';
import { runPeer } from './peer-runner';
import { pidListeningOn, processCpuSeconds, selfCpuSeconds } from './proc-cpu';
import { CONSOLE_HEADER, consoleLine, fmt, pct, ratios, renderMarkdown, renderSvg, type Meta, type ResultRow, type System } from './report';
import { cpuPer10k, rates, summarize } from './stats';
import { DEFAULT_MATRIX, stationName, workloads, type Workload } from './workloads';

const REPO_ROOT = join(__dirname, '../../../..');

function toRow(w: Workload, system: System, m: Measured, cpuSeconds: number | null): ResultRow {
  const lat = summarize(m.latencies.sorted());
  return {
    workload: w.id,
    system,
    requests: m.requests,
    messages: m.messages,
    bytes: m.bytes,
    elapsedMs: Math.round(m.elapsedMs),
    ...rates(m),
    p50Ms: lat.p50,
    p99Ms: lat.p99,
    p999Ms: lat.p999,
    cpuSecPer10k: cpuPer10k(cpuSeconds, m.messages),
    errors: m.errors,
    firstError: m.firstError,
    warmupMs: m.warmupMs === undefined ? undefined : Math.round(m.warmupMs),
  };
}

function javaRow(w: Workload, m: JavaMeasured): ResultRow {
  const secs = m.elapsedMs / 1000;
  return {
    workload: w.id,
    system: 'java',
    requests: 0,
    messages: m.messages,
    bytes: m.bytes,
    elapsedMs: Math.round(m.elapsedMs),
    messagesPerSec: m.messagesPerSec,
    requestsPerSec: 0,
    mbPerSec: m.mbPerSec || (secs > 0 ? m.bytes / 1e6 / secs : 0),
    p50Ms: m.p50Ms,
    p99Ms: m.p99Ms,
    p999Ms: m.p999Ms,
    cpuSecPer10k: cpuPer10k(m.cpuSeconds, m.messages),
    errors: 0,
  };
}

function commandLine(pid: number | null): string | undefined {
  if (!pid) return undefined;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 2000);
  } catch {
    return undefined;
  }
}

function versions(): Record<string, string> {
  const v: Record<string, string> = { node: process.version };
  try {
    const pom = readFileSync(join(REPO_ROOT, 'infra/kafka/pom.xml'), 'utf8');
    v.kafka = /<kafka\.version>([^<]+)</.exec(pom)?.[1] ?? 'unknown';
  } catch {
    v.kafka = 'unknown';
  }
  try {
    v.kafkajs = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/kafkajs/package.json'), 'utf8')).version;
  } catch {
    v.kafkajs = 'unknown';
  }
  try {
    v.restgw = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    v.restgw = 'unknown';
  }
  return v;
}

/** What the peer attempt gave: a running bridge, or the record of tools/bench/peer/fetch-peer.sh. */
function peerStatus(args: BenchArgs, pid: number | null): Meta['peer'] {
  if (args.peerUrl) {
    return {
      status: 'measured',
      detail: `HTTP bridge at ${args.peerUrl} (produce workloads, binary embedded format; a 200 whose offsets carry an error_code counts as a failed request; CPU: the process listening on its port).`,
      pid,
      command: commandLine(pid),
      settings: args.peerSettings,
    };
  }
  const record = join(REPO_ROOT, 'tools/bench/peer/ATTEMPTS.md');
  const detail = existsSync(record)
    ? `No peer bridge could be obtained from Maven Central; see tools/bench/peer/ATTEMPTS.md.`
    : 'No --peer-url given.';
  return { status: 'not measured', detail };
}

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2), process.env);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const durationMs = args.durationSec * 1000;
  const matrix = { ...DEFAULT_MATRIX, consumePrefill: args.quick ? 5_000 : Math.min(200_000, 5_000 * args.durationSec) };
  const limits = { durationMs, maxOps: 5_000_000 };
  const list = workloads(matrix).filter((w) => !args.only || w.id.includes(args.only));
  const runId = new Date().toISOString().replace(/\D/g, '').slice(2, 14);
  const startedAt = new Date().toISOString();
  const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));

  const gatewayPort = Number(new URL(args.gatewayUrl).port || 80);
  const gatewayPid = pidListeningOn(gatewayPort);
  console.log(`[bench] gateway ${args.gatewayUrl} (pid ${gatewayPid ?? 'not found: no CPU figures'}), brokers ${args.brokers.join(',')}, ${args.durationSec} s per run`);
  const token = await login(args.gatewayUrl, args);
  const native = args.skipNative ? null : new NativeRunner(args.brokers);
  await native?.connect();
  const peerPid = args.peerUrl ? pidListeningOn(Number(new URL(args.peerUrl).port || 80)) : null;
  // Java records per producer run: enough to get past the JVM's warm-up, bounded so the shared broker's disk is spared.
  const javaRecords = Math.min(500_000, Math.max(20_000, args.durationSec * 20_000));
  const javaLib = args.kafkaLibDir ?? join(REPO_ROOT, 'infra/kafka/.cache/lib');
  let java: JavaPerfRunner | null = null;
  let javaStatus: NonNullable<Meta['java']> = { status: 'not measured', detail: args.java ? 'needs the native runs (no --skip-native)' : '--skip-java' };
  if (args.java && native) {
    if (!existsSync(javaLib)) execFileSync('bash', [join(REPO_ROOT, 'infra/kafka/kafka.sh'), 'fetch'], { stdio: 'inherit' });
    java = new JavaPerfRunner(javaLib, args.brokers);
    javaStatus = {
      status: 'measured',
      detail: `org.apache.kafka.tools.ProducerPerformance (${javaRecords} records per produce workload, unthrottled, latency per record from send to ack) and ConsumerPerformance (the native run's pre-filled topic, fresh group, rate without the group join) from ${relative(REPO_ROOT, javaLib) || javaLib}; CPU is the JVM's, start-up and JIT included.`,
      settings: {},
    };
  }

  const rows: ResultRow[] = [];
  console.log(CONSOLE_HEADER);
  const record = (row: ResultRow) => {
    row.loadAvg1m = Number(os.loadavg()[0].toFixed(2));
    rows.push(row);
    console.log(consoleLine(row));
    if (row.firstError) console.log(`    first error: ${row.firstError}`);
  };
  try {
    for (const w of list) {
      let cpu0 = processCpuSeconds(gatewayPid);
      const g = await runGateway(args.gatewayUrl, token, args, w, stationName(runId, w, 'gw'), limits, () => (cpu0 = processCpuSeconds(gatewayPid)));
      const cpu1 = processCpuSeconds(gatewayPid);
      record(toRow(w, 'gateway', g, cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null));
      if (native && w.kind !== 'authenticate') {
        const s0 = selfCpuSeconds();
        const nativeTopic = stationName(runId, w, 'native');
        const n = await native.run(w, nativeTopic, limits);
        record(toRow(w, 'native', n, selfCpuSeconds() - s0));
        if (java) {
          let m: JavaMeasured;
          if (w.kind === 'consume-batch') {
            m = await java.consume(w, nativeTopic, w.prefill);
          } else {
            const topic = stationName(runId, w, 'java');
            await native.createTopic(topic);
            m = await java.produce(w, topic, javaRecords);
          }
          javaStatus.settings![w.id] = m.settings;
          record(javaRow(w, m));
        }
      }
      if (args.peerUrl && native && (w.kind === 'produce-single' || w.kind === 'produce-batch')) {
        const topic = stationName(runId, w, 'peer');
        await native.createTopic(topic);
        const p0 = processCpuSeconds(peerPid);
        const p = await runPeer(args.peerUrl, w, topic, limits);
        const p1 = processCpuSeconds(peerPid);
        record(toRow(w, 'peer', p, p0 !== null && p1 !== null ? p1 - p0 : null));
      }
    }
  } finally {
    java?.close();
    await native?.close();
  }

  const cpus = os.cpus();
  const meta: Meta = {
    startedAt,
    finishedAt: new Date().toISOString(),
    host: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', totalMemGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}`, loadAvg1mAtStart: loadAtStart[0], loadAvg1mAtEnd: Number(os.loadavg()[0].toFixed(2)) },
    versions: versions(),
    settings: {
      quick: args.quick,
      durationPerRunSec: args.durationSec,
      gatewayUrl: args.gatewayUrl,
      gatewayPid,
      brokers: args.brokers,
      user: args.username,
      accountId: args.accountId ?? 'stack default',
      matrix,
      http: 'node:http keep-alive Agent, one connection per concurrent worker, closed loop',
      native: 'kafkajs producer idempotent, acks -1, maxInFlightRequests 1 (as the gateway); consumer in a fresh group; its pre-fill is written in record batches of the consume batch size and fetches are capped at ~batch x 1.1 KiB, so one eachBatch ~ one batch',
      produceSingleContentType: 'application/octet-stream',
      consume: 'one consumer, batch_max_wait_time_ms 1000, first batch (group join) excluded as warm-up; the gateway CPU column covers the measured window only (not the pre-fill)',
    },
    peer: peerStatus(args, peerPid),
    java: javaStatus,
    notes: [
      'Everything (broker, gateway, control plane, this load generator) shares the same host; CPU columns: gateway rows = gateway process, native rows = the kafkajs client (this process), java rows = the JVM of the tool (start-up and JIT included), peer rows = the process listening on the peer port.',
      'java rows are open-loop (the producer sends as fast as its buffer allows, batching by batch.size): a ceiling of what the broker takes from the reference client on this host, not a request-for-request twin of the workload; their latency is per record, send to acknowledgement.',
      'Latency: per HTTP request (gateway, peer) or per send() call (native produce); for consume, time between batches.',
      'authenticate runs through the gateway (forwarded to the control plane, argon2id); its CPU column counts only the gateway process, per 10k logins.',
      'produce-single native = one kafkajs send() per message from N concurrent callers on one idempotent producer (maxInFlightRequests 1), as issue 6 defines it; kafkajs sends those one request at a time, while the gateway coalesces concurrent single produces into one Kafka batch, so the gateway can exceed this ceiling.',
      'Gateway stations created by the run are left in place (named bench-<run>-gw-...); native topics are deleted at the end.',
    ],
  };

  const outDir = args.outDir ?? join(REPO_ROOT, 'tools/bench/results', startedAt.replace(/[:.]/g, '-').replace(/-\d+Z$/, 'Z'));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), JSON.stringify({ meta, results: rows, ratios: ratios(rows) }, null, 2) + '\n');
  writeFileSync(join(outDir, 'results.md'), renderMarkdown(meta, rows));
  writeFileSync(join(outDir, 'chart.svg'), renderSvg(rows));

  console.log(`\ngateway / native, gateway / Java, native / Java (messages/s); load average ${meta.host.loadAvg1mAtStart} -> ${meta.host.loadAvg1mAtEnd}:`);
  for (const r of ratios(rows)) {
    if (r.native !== null) {
      console.log(
        `  ${r.workload.padEnd(30)} ${pct(r.ratio).padStart(5)} ${pct(r.gatewayToJava).padStart(5)} ${pct(r.nativeToJava).padStart(5)}  added p99 ${fmt(r.addedP99Ms)} ms, CPU/msg ${r.cpuRatio === null ? '-' : `${fmt(r.cpuRatio)}x`} native's`,
      );
    }
  }
  console.log(`\n[bench] results in ${relative(process.cwd(), outDir) || '.'}/ (results.json, results.md, chart.svg)`);
  return rows.some((r) => r.errors > 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[bench] ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  },
);
