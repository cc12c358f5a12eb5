import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { StateLeaseStore } from '@restgw/consume';
import { RedisStateStore } from '@restgw/state';
import { duplicatesOf, GatewayReplica, GroupRun, runGroupConsumers, serviceUrls, Stack } from '@restgw/testing';

/**
 * Consume soak (issue 4): a whole deployment with several gateway replicas of
 * one region, a producer and one consumer group polling random replicas for
 * --minutes, while the group's owner is alternately killed (SIGKILL) and
 * restarted gracefully (SIGTERM). Checks at-least-once (nothing acknowledged
 * to the producer is lost) and that every duplicate comes from batches in
 * flight at a kill. Bounded in time and count; loopback only.
 */
const USAGE = `npm run soak:consume -- [--minutes 3] [--replicas 3] [--consumers 3] [--chaos-every 30]
  --minutes <n>       producing time, 1-30 (default 3); consumers then drain for at most 60 s more
  --replicas <n>      gateway replicas of the region, 2-5 (default 3)
  --consumers <n>     HTTP consumers of the group, 1-10 (default 3)
  --chaos-every <s>   seconds between owner kills / graceful restarts, >= 10 (default 30)
Needs what npm test needs: PostgreSQL, Redis and Kafka on 127.0.0.1 (npm run kafka -- start).`;

interface ChaosEvent {
  kind: 'SIGKILL' | 'SIGTERM';
  at: number;
  /** Batches received before it, and the oldest batch any consumer may not have had committed then. */
  seq: number;
  inFlightFrom: number;
  pauseMs?: number;
}

function args() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '3' },
      replicas: { type: 'string', default: '3' },
      consumers: { type: 'string', default: '3' },
      'chaos-every': { type: 'string', default: '30' },
      help: { type: 'boolean', default: false },
    },
  });
  const int = (name: string, raw: string, min: number, max: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}\n${USAGE}`);
    return n;
  };
  return {
    help: values.help,
    minutes: int('minutes', values.minutes, 1, 30),
    replicas: int('replicas', values.replicas, 2, 5),
    consumers: int('consumers', values.consumers, 1, 10),
    chaosEverySec: int('chaos-every', values['chaos-every'], 10, 3600),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const o = args();
  if (o.help) return void console.log(USAGE);
  console.log(`[soak] starting a stack with ${o.replicas} gateway replicas...`);
  const stack = await Stack.start({
    gatewayEnv: {
      CONSUME_LEASE_TTL_MS: '3000',
      CONSUME_VISIBILITY_TIMEOUT_MS: '15000',
      CONSUME_DRAIN_TIMEOUT_MS: '5000',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
    },
  });
  const state = new RedisStateStore({ url: serviceUrls.redis, keyPrefix: stack.redisKeyPrefix });
  const leases = new StateLeaseStore(state, stack.regionId);
  try {
    for (let i = 1; i < o.replicas; i++) await stack.addGateway();
    let live: GatewayReplica[] = [...stack.gateways];
    const tenant = await stack.createTenant();
    const token = (await stack.login(tenant)).jwt;
    const station = `soak-${randomBytes(3).toString('hex')}`;
    const group = 'soak';
    const started = Date.now();
    const produceUntil = started + o.minutes * 60_000;

    // Producer: numbered batches of 100 to random live replicas; only 200-acknowledged numbers are "sent".
    const sent = new Set<string>();
    let next = 0;
    let produceErrors = 0;
    const producer = (async () => {
      while (Date.now() < produceUntil) {
        const numbers = Array.from({ length: 100 }, () => next++);
        const url = live[Math.floor(Math.random() * live.length)].url;
        try {
          const res = await fetch(`${url}/stations/${station}/produce/batch`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(numbers),
            signal: AbortSignal.timeout(30_000),
          });
          await res.text();
          if (res.status === 200) for (const n of numbers) sent.add(String(n));
          else produceErrors++;
        } catch {
          produceErrors++;
        }
        await sleep(40);
      }
    })();

    // Chaos: the group's owner, alternately killed and restarted gracefully; a killed one comes back after 5 s.
    const events: ChaosEvent[] = [];
    const lastTwo = new Map<string, number[]>();
    const progress: { run: GroupRun | null } = { run: null };
    const owner = async () => {
      const holder = await leases.holder(`acct-${tenant.accountId}.${station}.${group}`);
      return live.find((g) => holder?.startsWith(`${g.url} `));
    };
    const chaos = (async () => {
      for (let i = 0; Date.now() + o.chaosEverySec * 1000 < produceUntil; i++) {
        await sleep(o.chaosEverySec * 1000);
        const victim = await owner();
        const received = progress.run;
        if (!victim || !received) continue;
        const kind = i % 2 === 0 ? 'SIGKILL' : 'SIGTERM';
        const event: ChaosEvent = {
          kind,
          at: Date.now(),
          seq: received.batches.length,
          inFlightFrom: Math.min(...[...lastTwo.values()].map((s) => s[0])),
        };
        events.push(event);
        console.log(`[soak] ${new Date().toISOString()} ${kind} owner ${victim.url} after ${received.counts.size} distinct messages`);
        live = live.filter((g) => g !== victim);
        await victim.stop(kind);
        if (kind === 'SIGKILL') await sleep(5_000);
        const again = await stack.addGateway({}, victim.port);
        live = [...live, again];
      }
    })();

    const run = runGroupConsumers({
      urls: () => live.map((g) => g.url),
      token,
      station,
      group,
      consumers: o.consumers,
      expected: Number.MAX_SAFE_INTEGER,
      timeoutMs: o.minutes * 60_000 + 60_000,
      batchSize: 100,
      waitMs: 2000,
      stopWhen: (r) => Date.now() > produceUntil && [...sent].every((m) => r.counts.has(m)),
      onBatch: (b, r) => {
        progress.run = r;
        lastTwo.set(b.consumer, [...(lastTwo.get(b.consumer) ?? []), b.seq].slice(-2));
      },
    });
    const result = await run;
    await producer;
    await chaos;

    const firstSeen = new Map<string, number>();
    for (const b of result.batches) for (const m of b.messages) if (!firstSeen.has(m)) firstSeen.set(m, b.seq);
    const dups = duplicatesOf(result);
    const kills = events.filter((e) => e.kind === 'SIGKILL');
    // A duplicate is explained when its first delivery was in flight at a kill (up to 3 answers on their way then).
    const explained = dups.filter((m) => kills.some((k) => firstSeen.get(m)! >= k.inFlightFrom && firstSeen.get(m)! < k.seq + o.consumers));
    const lost = [...sent].filter((m) => !result.counts.has(m));
    for (const e of events) {
      const after = result.batches.find((b) => b.at > e.at);
      e.pauseMs = after ? after.at - e.at : undefined;
    }
    const seconds = (result.finishedAt - result.startedAt) / 1000;
    const summary = {
      minutes: o.minutes,
      replicas: o.replicas,
      consumers: o.consumers,
      produced: sent.size,
      produceErrors,
      delivered: result.counts.size,
      deliveries: [...result.counts.values()].reduce((a, b) => a + b, 0),
      lost: lost.length,
      duplicates: dups.length,
      duplicatesFromKills: explained.length,
      unexplainedDuplicates: dups.length - explained.length,
      events: events.map((e) => ({ kind: e.kind, atSec: Math.round((e.at - started) / 1000), firstBatchAfterMs: e.pauseMs })),
      consumeRequests: result.requests,
      failedRequestsRetried: result.errors,
      messagesPerSecond: Math.round(result.counts.size / seconds),
    };
    console.log(JSON.stringify(summary, null, 2));
    const ok = summary.lost === 0 && summary.unexplainedDuplicates === 0;
    console.log(ok ? '[soak] PASS: nothing lost; every duplicate was in flight at a SIGKILL' : '[soak] FAIL');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await state.close();
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
