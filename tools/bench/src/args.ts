import { parseArgs } from 'node:util';

export interface BenchArgs {
  quick: boolean;
  gatewayUrl: string;
  brokers: string[];
  durationSec: number;
  username: string;
  password: string;
  accountId?: number;
  peerUrl?: string;
  /** Free text recorded with the peer's figures (its version, producer settings). */
  peerSettings?: string;
  /** Kafka's Java perf tools as the second ceiling (default on). */
  java: boolean;
  /** The jar cache with kafka-tools (default infra/kafka/.cache/lib or KAFKA_LIB_DIR). */
  kafkaLibDir?: string;
  outDir?: string;
  only?: string;
  skipNative: boolean;
  help: boolean;
}

export const USAGE = `npm run bench -- [options]   (against a running stack: npm start)

  --quick              short runs (2 s, small pre-fill): a smoke check
  --duration <s>       seconds per workload and system (default 10)
  --gateway <url>      gateway base URL (default http://127.0.0.1:4444; env BENCH_GATEWAY_URL)
  --brokers <list>     Kafka bootstrap for the native runs (default KAFKA_BROKERS or 127.0.0.1:9092)
  --account <id>       account id to log in to (env BENCH_ACCOUNT_ID; default: the stack's default account)
  --user <name>        (env BENCH_USERNAME; default demo)
  --password <pw>      (env BENCH_PASSWORD; default demo-password)
  --peer-url <url>     a running Strimzi-compatible HTTP bridge on the same broker (env BENCH_PEER_URL)
  --peer-settings <t>  the peer's version and settings, written into the results (env BENCH_PEER_SETTINGS)
  --skip-java          leave out the second ceiling (Kafka's Java ProducerPerformance / ConsumerPerformance)
  --only <text>        run only workloads whose id contains this text
  --skip-native        gateway only
  --out <dir>          results folder (default tools/bench/results/<timestamp>)`;

/** Only loopback targets: the benchmark never sends load anywhere else. */
export function assertLoopback(what: string, hostPort: string): void {
  const host = hostPort.includes('://') ? new URL(hostPort).hostname : hostPort.replace(/:\d+$/, '');
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) {
    throw new Error(`${what} must be on this machine (127.0.0.1), got ${hostPort}`);
  }
}

export function parseBenchArgs(argv: string[], env: NodeJS.ProcessEnv): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean' },
      duration: { type: 'string' },
      gateway: { type: 'string' },
      brokers: { type: 'string' },
      account: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      'peer-url': { type: 'string' },
      'peer-settings': { type: 'string' },
      'skip-java': { type: 'boolean' },
      only: { type: 'string' },
      'skip-native': { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const quick = values.quick ?? false;
  const durationSec = Number(values.duration ?? (quick ? 2 : 10));
  if (!Number.isFinite(durationSec) || durationSec <= 0 || durationSec > 600) throw new Error('--duration must be 1-600 seconds');
  const account = values.account ?? env.BENCH_ACCOUNT_ID;
  const accountId = account !== undefined && account !== '' ? Number(account) : undefined;
  if (accountId !== undefined && !Number.isInteger(accountId)) throw new Error('--account must be an integer');
  const args: BenchArgs = {
    quick,
    durationSec,
    gatewayUrl: (values.gateway ?? env.BENCH_GATEWAY_URL ?? 'http://127.0.0.1:4444').replace(/\/+$/, ''),
    brokers: (values.brokers ?? env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean),
    username: values.user ?? env.BENCH_USERNAME ?? 'demo',
    password: values.password ?? env.BENCH_PASSWORD ?? 'demo-password',
    accountId,
    peerUrl: (values['peer-url'] ?? env.BENCH_PEER_URL)?.replace(/\/+$/, '') || undefined,
    peerSettings: values['peer-settings'] ?? env.BENCH_PEER_SETTINGS,
    java: !(values['skip-java'] ?? false),
    kafkaLibDir: env.KAFKA_LIB_DIR,
    outDir: values.out,
    only: values.only,
    skipNative: values['skip-native'] ?? false,
    help: values.help ?? false,
  };
  assertLoopback('--gateway', args.gatewayUrl);
  for (const b of args.brokers) assertLoopback('--brokers', b);
  if (args.peerUrl) assertLoopback('--peer-url', args.peerUrl);
  return args;
}
