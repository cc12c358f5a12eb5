import type { Tenant } from '@restgw/testing';
import type { ChaosCluster } from './chaos-cluster';
import type { FaultTiming, Signal } from './verdict';
import type { Workload } from './workload';

export interface ScenarioContext {
  cluster: ChaosCluster;
  tenant: Tenant;
  station: string;
  group: string;
  workload: Workload;
  log: (line: string) => void;
  /** Work that must finish before the scenario is judged (a replica restarting). */
  background: Array<Promise<unknown>>;
}

export interface Scenario {
  name: string;
  /** Part of the quick run (CI). */
  quick: boolean;
  /** Duplicate deliveries the design allows here (docs/operations.md), given the load's shape. */
  maxDuplicates: (load: { consumers: number; consumeBatch: number }) => number;
  /** Load kept up after the fault was undone, before producers stop. */
  afterMs?: number;
  inject(ctx: ScenarioContext): Promise<Omit<FaultTiming, 'needs'> & { needs?: Signal[] }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const none = () => 0;
/** A crashed owner re-delivers the batches in flight and the ones being acknowledged: two per consumer at most. */
const inFlight = ({ consumers, consumeBatch }: { consumers: number; consumeBatch: number }) => 2 * consumers * consumeBatch;

export const SCENARIOS: Scenario[] = [
  {
    name: 'broker SIGKILL and restart',
    quick: true,
    maxDuplicates: none,
    async inject({ cluster }) {
      const faultAt = Date.now();
      cluster.kafka.kill();
      await sleep(3_000);
      await cluster.kafka.start();
      return { faultAt, restoredAt: Date.now() };
    },
  },
  {
    name: 'SIGKILL of the gateway owning the group',
    quick: true,
    maxDuplicates: inFlight,
    async inject({ cluster, tenant, station, group, background, log }) {
      const owner = await cluster.waitForOwner(tenant, station, group);
      log(`owner is ${owner.url}`);
      const faultAt = Date.now();
      await cluster.stopReplica(owner, 'SIGKILL');
      background.push(sleep(5_000).then(() => cluster.restartReplica(owner)));
      return { faultAt, restoredAt: faultAt };
    },
  },
  {
    name: 'Redis SIGKILL and empty restart',
    quick: true,
    maxDuplicates: none,
    async inject({ cluster }) {
      const faultAt = Date.now();
      await cluster.redis.kill();
      await sleep(3_000);
      await cluster.redis.start();
      return { faultAt, restoredAt: Date.now(), needs: ['produce', 'consume', 'login'] };
    },
  },
  {
    name: 'PostgreSQL stop and start',
    quick: false,
    maxDuplicates: none,
    async inject({ cluster }) {
      const faultAt = Date.now();
      await cluster.postgres.stop();
      await sleep(5_000);
      await cluster.postgres.start();
      return { faultAt, restoredAt: Date.now(), needs: ['produce', 'consume', 'login'] };
    },
  },
  {
    name: 'control-plane SIGKILL',
    quick: false,
    maxDuplicates: none,
    async inject({ cluster }) {
      const faultAt = Date.now();
      await cluster.stack.restartControlPlane('SIGKILL', 3_000);
      return { faultAt, restoredAt: Date.now(), needs: ['produce', 'consume', 'login'] };
    },
  },
  {
    name: 'graceful SIGTERM of the owning replica',
    quick: false,
    maxDuplicates: none,
    async inject({ cluster, tenant, station, group, background, log }) {
      const owner = await cluster.waitForOwner(tenant, station, group);
      log(`owner is ${owner.url}`);
      const faultAt = Date.now();
      await cluster.stopReplica(owner, 'SIGTERM');
      const restoredAt = Date.now();
      log(`it stopped after ${((restoredAt - faultAt) / 1000).toFixed(1)} s`);
      background.push(cluster.restartReplica(owner));
      return { faultAt, restoredAt };
    },
  },
  {
    name: 'abandoned consumer',
    quick: false,
    maxDuplicates: none,
    // The abandoned batch comes back after CONSUME_VISIBILITY_TIMEOUT_MS (15 s here).
    afterMs: 20_000,
    async inject({ workload }) {
      const messages = await workload.abandonBatch();
      const at = Date.now();
      return { faultAt: at, restoredAt: at, abandoned: { at, messages } };
    },
  },
];
