import { StateLeaseStore } from '@restgw/consume';
import { groupName } from '@restgw/contracts';
import { RedisStateStore } from '@restgw/state';
import { GatewayReplica, OwnKafka, OwnPostgres, OwnRedis, Stack, Tenant } from '@restgw/testing';

/**
 * The chaos suite's deployment: a cluster-profile stack (control plane,
 * region worker, three gateway replicas) on servers of its own (a Kafka
 * broker from the repo's recipe with its own port and data directory, a
 * redis-server, an embedded PostgreSQL), so faults hurt nothing else on the
 * machine. Consumer-group settings are shortened so that a dead owner's
 * group moves within seconds (documented with the figures).
 */
export const CHAOS_GATEWAY_ENV = {
  CONSUME_LEASE_TTL_MS: '3000',
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  CONSUME_VISIBILITY_TIMEOUT_MS: '15000',
  CONSUME_DRAIN_TIMEOUT_MS: '5000',
};

export class ChaosCluster {
  /** Replicas believed alive (a killed one leaves until it was restarted). */
  private live: GatewayReplica[] = [];

  private constructor(
    readonly kafka: OwnKafka,
    readonly redis: OwnRedis,
    readonly postgres: OwnPostgres,
    readonly stack: Stack,
    /** Reads consumer-group leases (who owns a group). */
    private readonly state: RedisStateStore,
    private readonly leases = new StateLeaseStore(state, stack.regionId),
  ) {
    this.live = [...stack.gateways];
  }

  static async start(log: (line: string) => void, replicas = 3): Promise<ChaosCluster> {
    log('starting Kafka, Redis and PostgreSQL of its own...');
    const [kafka, redis, postgres] = await Promise.all([OwnKafka.start(), OwnRedis.start(), OwnPostgres.start()]);
    log(`Kafka ${kafka.brokers} (data ${kafka.dataDir}), Redis ${redis.url}, PostgreSQL 127.0.0.1:${postgres.port} (data ${postgres.dataDir})`);
    let stack: Stack | undefined;
    try {
      stack = await Stack.start({
        services: { postgresAdminUrl: postgres.adminUrl, redisUrl: redis.url, kafkaBrokers: kafka.brokers },
        gatewayEnv: CHAOS_GATEWAY_ENV,
      });
      for (let i = 1; i < replicas; i++) await stack.addGateway();
      const state = new RedisStateStore({ url: redis.url, keyPrefix: stack.redisKeyPrefix });
      log(`control plane ${stack.controlPlaneUrl}, gateways ${stack.gateways.map((g) => g.url).join(' ')}`);
      return new ChaosCluster(kafka, redis, postgres, stack, state);
    } catch (e) {
      await stack?.stop().catch(() => undefined);
      await Promise.all([kafka.remove(), redis.stop(), postgres.remove()]);
      throw e;
    }
  }

  urls(): string[] {
    return this.live.map((g) => g.url);
  }

  /** The replica holding the group's lease, if any is known. */
  async owner(tenant: Tenant, station: string, group: string): Promise<GatewayReplica | undefined> {
    const holder = await this.leases.holder(groupName(tenant.accountId, station, group)).catch(() => null);
    return this.live.find((g) => holder?.startsWith(`${g.url} `));
  }

  /** Waits until the group has an owner among the live replicas. */
  async waitForOwner(tenant: Tenant, station: string, group: string, timeoutMs = 30_000): Promise<GatewayReplica> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = await this.owner(tenant, station, group);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`consumer group ${group} has no owner after ${timeoutMs} ms`);
  }

  /** Stops a replica (SIGKILL: a crash; SIGTERM: a graceful stop); it no longer receives requests. */
  async stopReplica(replica: GatewayReplica, signal: NodeJS.Signals): Promise<void> {
    this.live = this.live.filter((g) => g !== replica);
    await replica.stop(signal);
  }

  /** Starts a stopped replica again on its port and lets it receive requests once ready. */
  async restartReplica(replica: GatewayReplica): Promise<void> {
    const again = await this.stack.addGateway({}, replica.port);
    this.live.push(again);
  }

  /** Lines of the apps' output that no outage may cause (an ioredis client without an error listener). */
  unhandledErrors(): number {
    const apps = [this.stack.controlPlane, this.stack.regionWorker, ...this.stack.gateways.map((g) => g.process)];
    return apps.reduce((n, app) => n + (app?.logs().match(/Unhandled error event/g)?.length ?? 0), 0);
  }

  async stop(): Promise<void> {
    await this.state.close();
    await this.postgres.start().catch(() => undefined); // the stack drops its database there
    await this.redis.start().catch(() => undefined);
    await this.stack.stop().catch(() => undefined);
    await Promise.all([this.kafka.remove(), this.redis.stop(), this.postgres.remove()]);
  }
}
