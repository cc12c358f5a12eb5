import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ChaosCluster } from './chaos-cluster';
import { SCENARIOS, type Scenario, type ScenarioContext } from './scenarios';
import { judge, type Limits, type Verdict } from './verdict';
import { Workload } from './workload';

const USAGE = `npm run chaos -- [--quick] [--only <text>]
  Starts an isolated cluster-profile stack (its own Kafka, Redis and PostgreSQL on free ports,
  three gateway replicas), runs producers and consumers and injects one fault per scenario:
  broker SIGKILL and restart, SIGKILL of the group's owner, Redis SIGKILL and empty restart,
  PostgreSQL stop and start, control-plane SIGKILL, graceful SIGTERM of the owner, an abandoned
  consumer. Prints per scenario what was acknowledged, lost, duplicated, the client errors by
  status and the recovery time, then "N passed, M failed"; exits 1 when a scenario failed.
  --quick        the scenarios CI runs (broker restart, owner SIGKILL, Redis restart), shorter
  --only <text>  only scenarios whose name contains <text>
Needs java (the Kafka recipe), redis-server and the npm dependencies (embedded PostgreSQL).`;

/** The load of every scenario: 3 producers at about 150 messages/s in all, 2 consumers of one group. */
const LOAD = { producers: 3, batch: 10, ratePerProducer: 5, consumers: 2, consumeBatch: 100, consumeWaitMs: 1_000, loginEveryMs: 1_000 };
/** docs/operations.md: a consume answer comes within batch_max_wait_time_ms plus 1 s; 2 s more for a loaded machine. */
const MAX_CONSUME_OVERRUN_MS = 3_000;
const MAX_RECOVERY_SECONDS = 30;
const DRAIN_MS = 60_000;

const log = (line: string) => console.log(`[chaos] ${new Date().toISOString().slice(11, 23)} ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const scenarios = SCENARIOS.filter((s) => (!values.quick || s.quick) && (!values.only || s.name.includes(values.only)));
  if (!scenarios.length) throw new Error(`no scenario matches\n${USAGE}`);
  const timing = values.quick ? { warmupMs: 4_000, afterMs: 8_000 } : { warmupMs: 8_000, afterMs: 15_000 };

  const started = Date.now();
  const cluster = await ChaosCluster.start(log);
  const results: Array<{ scenario: Scenario; verdict: Verdict }> = [];
  try {
    const tenant = await cluster.stack.createTenant();
    for (const scenario of scenarios) {
      log(`--- ${scenario.name}`);
      const verdict = await runScenario(cluster, tenant, scenario, timing).catch((e: Error) => crashed(e));
      results.push({ scenario, verdict });
      log(`${scenario.name}: ${describe(verdict, scenario)}`);
    }
  } finally {
    await cluster.stop();
  }

  console.log('');
  console.log(`chaos results (${((Date.now() - started) / 60_000).toFixed(1)} min, load: ${LOAD.producers} producers at ~${LOAD.producers * LOAD.batch * LOAD.ratePerProducer} msg/s, ${LOAD.consumers} consumers of one group, 3 gateway replicas)`);
  for (const { scenario, verdict } of results) console.log(`${verdict.failures.length ? 'FAIL' : 'PASS'}  ${scenario.name}: ${describe(verdict, scenario)}`);
  const failed = results.filter((r) => r.verdict.failures.length).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

async function runScenario(cluster: ChaosCluster, tenant: Awaited<ReturnType<ChaosCluster['stack']['createTenant']>>, scenario: Scenario, timing: { warmupMs: number; afterMs: number }): Promise<Verdict> {
  const station = `chaos-${randomBytes(3).toString('hex')}`;
  const group = 'chaos';
  const token = (await cluster.stack.login(tenant)).jwt;
  const workload = new Workload(
    { urls: () => cluster.urls(), token, station, group, ...LOAD, login: { username: tenant.username, password: tenant.password, accountId: tenant.accountId } },
    station,
  );
  workload.start();
  const ctx: ScenarioContext = { cluster, tenant, station, group, workload, log, background: [] };
  const unhandledBefore = cluster.unhandledErrors();
  let fault;
  try {
    await workload.flowing();
    await sleep(timing.warmupMs);
    fault = await scenario.inject(ctx);
    await sleep(scenario.afterMs ?? timing.afterMs);
    await Promise.all(ctx.background);
  } catch (e) {
    await workload.finish(0);
    await Promise.allSettled(ctx.background);
    throw e;
  }
  await workload.finish(DRAIN_MS);
  const limits: Limits = {
    maxDuplicates: scenario.maxDuplicates({ consumers: LOAD.consumers, consumeBatch: LOAD.consumeBatch }),
    maxRecoverySeconds: MAX_RECOVERY_SECONDS,
    maxConsumeOverrunMs: MAX_CONSUME_OVERRUN_MS,
  };
  const verdict = judge(workload.seen, { needs: ['produce', 'consume'], ...fault }, limits);
  const unhandled = cluster.unhandledErrors() - unhandledBefore;
  if (unhandled > 0) verdict.failures.push(`${unhandled} "Unhandled error event" line(s) in the apps' output`);
  return verdict;
}

/** The scenario itself could not run (a server did not come back): a failure with its reason. */
function crashed(e: Error): Verdict {
  log(`scenario aborted: ${e.stack ?? e.message}`);
  return { acknowledged: 0, lost: 0, duplicates: 0, errors: { produce: {}, consume: {}, login: {} }, recoverySeconds: NaN, consumeOverrunMs: 0, failures: [`aborted: ${e.message}`] };
}

function describe(v: Verdict, scenario: Scenario): string {
  const errors = Object.entries(v.errors)
    .map(([kind, counts]) => `${kind} ${Object.entries(counts).map(([status, n]) => `${status === '0' ? 'no answer' : status}x${n}`).join(' ') || 'none'}`)
    .join(', ');
  const bound = scenario.maxDuplicates({ consumers: LOAD.consumers, consumeBatch: LOAD.consumeBatch });
  const recovery = Number.isFinite(v.recoverySeconds) ? `${v.recoverySeconds.toFixed(1)} s` : 'never';
  const verdict = v.failures.length ? `FAILED: ${v.failures.join('; ')}` : 'ok';
  return `acknowledged ${v.acknowledged}, lost ${v.lost}, duplicates ${v.duplicates} (bound ${bound}), errors: ${errors}; recovery ${recovery}; consume overrun max ${v.consumeOverrunMs} ms; ${verdict}`;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(2);
  },
);
