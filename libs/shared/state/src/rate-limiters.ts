import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimiterStoreOptions {
  redisUrl: string;
  keyPrefix: string;
  /** Set (local profile): counters in this PostgreSQL database; redisUrl is then not used. */
  stateDatabaseUrl?: string;
  /** `memory`: counters in this process (one process only; tests). Default: by the two URLs. */
  kind?: 'memory';
}

export interface LimiterSpec {
  /** Distinguishes this limiter's keys from other limiters' in the shared store. */
  name: string;
  points: number;
  durationSeconds: number;
  /** Once over `points`, refused for this long (default: until the duration ends). */
  blockSeconds?: number;
}

/** PostgreSQL schema and table of the local profile's counters (created on first use). */
const PG_SCHEMA = 'restgw_limits';
const PG_TABLE = 'counters';

/**
 * rate-limiter-flexible limiters on the deployment's store: Redis in the
 * cluster profile (atomic INCR + TTL in one Lua call), PostgreSQL in the
 * local profile (one atomic upsert), or memory. Every consume is atomic, so
 * concurrent attempts are counted before any of them is evaluated. The store
 * owns its own connection: limiters need raw ioredis / pg clients.
 */
export class RateLimiterStore {
  private redis?: Redis;
  private pool?: Pool;
  private pgReady?: Promise<void>;

  constructor(private readonly opts: RateLimiterStoreOptions) {}

  async limiter(spec: LimiterSpec): Promise<RateLimiterAbstract> {
    const common = { keyPrefix: spec.name, points: spec.points, duration: spec.durationSeconds, blockDuration: spec.blockSeconds ?? 0 };
    if (this.opts.kind === 'memory') return new RateLimiterMemory(common);
    if (this.opts.stateDatabaseUrl) {
      if (!this.pool) {
        this.pool = new Pool({ connectionString: this.opts.stateDatabaseUrl, max: 4 });
        // An idle client's connection dropped (database restart): the pool replaces it; unhandled, it would end the process.
        this.pool.on('error', () => undefined);
      }
      this.pgReady ??= createSchema(this.pool);
      await this.pgReady;
      const pool = this.pool;
      return new Promise<RateLimiterAbstract>((resolve, reject) => {
        const limiter: RateLimiterPostgres = new RateLimiterPostgres(
          { ...common, storeClient: pool, storeType: 'pool', schemaName: PG_SCHEMA, tableName: PG_TABLE, clearExpiredByTimeout: true },
          (err?: Error) => (err ? reject(err) : resolve(limiter)),
        );
      });
    }
    if (!this.redis) {
      this.redis = new Redis(this.opts.redisUrl, { keyPrefix: `${this.opts.keyPrefix}rl:`, maxRetriesPerRequest: 2, connectionName: 'restgw-rate-limits' });
      // Connection errors reach callers as failed commands (the throttle answers 503); ioredis reconnects by itself.
      this.redis.on('error', () => undefined);
    }
    return new RateLimiterRedis({ ...common, storeClient: this.redis });
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
    await this.pool?.end();
  }
}

async function createSchema(pool: Pool): Promise<void> {
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${PG_SCHEMA}`);
  } catch (e) {
    // Another process created it at the same moment.
    if (!['23505', '42P06'].includes((e as { code?: string }).code ?? '')) throw e;
  }
}

/** A refusal (over the limit) as opposed to a store failure. */
export function isRateLimited(e: unknown): e is RateLimiterRes {
  return e instanceof RateLimiterRes;
}
