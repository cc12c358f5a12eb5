import { randomBytes, randomInt } from 'node:crypto';
import { AppProcess, freePort } from './process-runner';
import { serviceUrls } from './service-urls';
import { createTestDatabase, TestDatabase } from './test-database';
import { recordResponse } from './response-recorder';

export interface Tenant {
  accountId: number;
  username: string;
  password: string;
}

export interface TokenGrant {
  expires_in: number;
  jwt: string;
  jwt_refresh_token: string;
  refresh_token_expires_in: number;
}

export interface StackOptions {
  /** Start a gateway too (default true). */
  gateway?: boolean;
  /** Start the region worker of the stack's region too (default true). */
  regionWorker?: boolean;
  controlPlaneEnv?: Record<string, string>;
  gatewayEnv?: Record<string, string>;
  regionWorkerEnv?: Record<string, string>;
  /**
   * Start account ids at a random point instead of 1 (default true). Test
   * databases share one Kafka, and topic names derive from account ids.
   */
  randomAccountIds?: boolean;
  /**
   * `local`: the apps run the local profile on the stack's database: the
   * embedded log (EMBEDDED_LOG_DATABASE_URL), the shared state and job queues
   * (STATE_DATABASE_URL); their KAFKA_BROKERS and REDIS_URL point at a closed
   * port, so any use of Kafka or Redis would fail. Default `cluster`.
   */
  profile?: 'cluster' | 'local';
  /** Servers of the test's own (see own-services.ts) instead of the machine's shared ones. */
  services?: { postgresAdminUrl?: string; redisUrl?: string; kafkaBrokers?: string };
  /**
   * Serve the control plane's /admin and /internal routes on a listener of
   * their own (CONTROL_PLANE_OPERATOR_PORT): `stack.operatorUrl`. Gateways
   * then reach /internal there (CONTROL_PLANE_INTERNAL_URL).
   */
  operatorListener?: boolean;
}

/** Nothing listens here: the address given to apps that must not use Kafka or Redis. */
export const DEAD_KAFKA_BROKERS = '127.0.0.1:1';
export const DEAD_REDIS_URL = 'redis://127.0.0.1:1';

export interface GatewayReplica {
  url: string;
  port: number;
  process: AppProcess;
  env: Record<string, string>;
  /** SIGTERM: graceful shutdown (hands its consumer groups over); SIGKILL: a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A request as the e2e suites make them; the answer is checked against the app's OpenAPI document (response-recorder.ts). */
export async function requestJson<T = any>(url: string, init: RequestInit = {}): Promise<JsonResponse<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const answer = { status: res.status, headers: res.headers, body, text };
  recordResponse(init.method ?? 'GET', url, answer);
  return answer;
}

/**
 * A whole deployment for one test file: a fresh migrated database, a Redis
 * namespace of its own (keys and BullMQ queues), the control plane, and
 * (optionally) one region's gateway and region worker, all real processes
 * built from dist/ the way production runs them.
 */
export class Stack {
  readonly operatorEmail = 'ops@example.test';
  readonly operatorPassword = 'operator-password';
  operatorToken = '';
  gateway?: AppProcess;
  gatewayUrl = '';
  /** Every gateway replica started (the first is `gateway`), including stopped ones. */
  readonly gateways: GatewayReplica[] = [];
  regionWorker?: AppProcess;

  private constructor(
    readonly db: TestDatabase,
    /** The running control plane (replaced by restartControlPlane). */
    public controlPlane: AppProcess,
    readonly controlPlaneUrl: string,
    /** Where /admin and /internal are served: controlPlaneUrl unless the stack has an operator listener. */
    readonly operatorUrl: string,
    readonly regionId: string,
    readonly redisKeyPrefix: string,
    /** Log, state and queue settings of every app (the profile). */
    readonly profileEnv: Record<string, string>,
  ) {}

  static async start(opts: StackOptions = {}): Promise<Stack> {
    const services = { postgresAdminUrl: serviceUrls.postgresAdmin, redisUrl: serviceUrls.redis, kafkaBrokers: serviceUrls.kafkaBrokers.join(','), ...opts.services };
    const db = await createTestDatabase({ adminUrl: services.postgresAdminUrl });
    if (opts.randomAccountIds !== false) await db.query(`ALTER SEQUENCE accounts_id_seq RESTART WITH ${1_000_000 + randomInt(1_000_000_000)}`);
    const suffix = randomBytes(4).toString('hex');
    const cpPort = await freePort();
    const operatorPort = opts.operatorListener ? await freePort() : cpPort;
    const redisKeyPrefix = `test-${suffix}:`;
    const profileEnv: Record<string, string> =
      opts.profile === 'local'
        ? { EMBEDDED_LOG_DATABASE_URL: db.url, KAFKA_BROKERS: DEAD_KAFKA_BROKERS, STATE_DATABASE_URL: db.url, REDIS_URL: DEAD_REDIS_URL, CONSUME_LEASE_STORE: 'memory' }
        : { KAFKA_BROKERS: services.kafkaBrokers, REDIS_URL: services.redisUrl };
    const cpEnv = {
      DATABASE_URL: db.url,
      ...profileEnv,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      CONTROL_PLANE_PORT: String(cpPort),
      ...(opts.operatorListener ? { CONTROL_PLANE_OPERATOR_PORT: String(operatorPort) } : {}),
      ADMIN_EMAIL: 'ops@example.test',
      ADMIN_PASSWORD: 'operator-password',
      LOG_LEVEL: 'warn',
      ...opts.controlPlaneEnv,
    };
    const cp = new AppProcess('control-plane', 'dist/apps/control-plane/src/main.js', cpEnv);
    const stack = new Stack(db, cp, `http://127.0.0.1:${cpPort}`, `http://127.0.0.1:${operatorPort}`, `test-${suffix}`, redisKeyPrefix, profileEnv);
    stack.controlPlaneEnv = cpEnv;
    try {
      await cp.waitReady(`${stack.operatorUrl}/readyz`);
      const login = await requestJson(`${stack.operatorUrl}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: stack.operatorEmail, password: stack.operatorPassword }),
      });
      if (login.status !== 200) throw new Error(`operator login failed: ${login.status} ${login.text}`);
      stack.operatorToken = login.body.token;
      if (opts.gateway !== false || opts.regionWorker !== false) {
        await stack.admin('PUT', '/admin/regions', { id: stack.regionId, url: 'http://127.0.0.1' });
      }
      if (opts.regionWorker !== false) await stack.startRegionWorker(opts.regionWorkerEnv);
      if (opts.gateway !== false) await stack.startGateway(opts.gatewayEnv);
      return stack;
    } catch (e) {
      await stack.stop();
      throw e;
    }
  }

  private controlPlaneEnv: Record<string, string> = {};

  /** Stops the control plane (SIGKILL: a crash) and starts it again on its port; resolves once it is ready. */
  async restartControlPlane(signal: NodeJS.Signals = 'SIGKILL', pauseMs = 0): Promise<void> {
    await this.controlPlane.stop(signal);
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
    this.controlPlane = new AppProcess('control-plane', 'dist/apps/control-plane/src/main.js', this.controlPlaneEnv);
    await this.controlPlane.waitReady(`${this.operatorUrl}/readyz`);
  }

  async startGateway(env: Record<string, string> = {}): Promise<void> {
    const replica = await this.addGateway(env);
    this.gateway = replica.process;
    this.gatewayUrl = replica.url;
  }

  /**
   * Starts one more gateway replica of the stack's region (same Redis prefix
   * and region id, its own port; `port` to restart one where it was), with the
   * env of the stack's first gateway plus `env`. Stop it with replica.stop().
   */
  async addGateway(env: Record<string, string> = {}, port?: number): Promise<GatewayReplica> {
    const listen = port ?? (await freePort());
    const replicaEnv = { ...(this.gateways[0]?.env ?? {}), ...env };
    const process = new AppProcess(`gateway-${this.gateways.length + 1}`, 'dist/apps/gateway/src/main.js', {
      GATEWAY_PORT: String(listen),
      REGION_ID: this.regionId,
      CONTROL_PLANE_URL: this.controlPlaneUrl,
      CONTROL_PLANE_INTERNAL_URL: this.operatorUrl,
      REDIS_KEY_PREFIX: this.redisKeyPrefix,
      ...this.profileEnv,
      LOG_LEVEL: 'warn',
      ...replicaEnv,
    });
    const replica: GatewayReplica = {
      url: `http://127.0.0.1:${listen}`,
      port: listen,
      process,
      env: replicaEnv,
      stop: (signal: NodeJS.Signals = 'SIGTERM') => process.stop(signal),
    };
    this.gateways.push(replica);
    await process.waitReady(`${replica.url}/readyz`);
    return replica;
  }

  /** Starts (or restarts, after stopRegionWorker) the stack's region worker; resolves once it pulls its queue. */
  async startRegionWorker(env: Record<string, string> = {}): Promise<AppProcess> {
    if (this.regionWorker && !(await this.isExited(this.regionWorker))) throw new Error('region worker already running');
    this.regionWorker = new AppProcess('region-worker', 'dist/apps/region-worker/src/main.js', {
      REGION_ID: this.regionId,
      REDIS_KEY_PREFIX: this.redisKeyPrefix,
      ...this.profileEnv,
      LOG_LEVEL: 'info',
      ...env,
    });
    await this.regionWorker.waitForOutput(/region-worker ready/);
    return this.regionWorker;
  }

  /** Stops the region worker: SIGTERM shuts it down gracefully, SIGKILL simulates a crash. */
  async stopRegionWorker(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.regionWorker?.stop(signal);
  }

  private async isExited(p: AppProcess): Promise<boolean> {
    return Promise.race([p.exited.then(() => true), new Promise<boolean>((r) => setImmediate(() => r(false)))]);
  }

  /** An operator call; throws unless 2xx. */
  async admin<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await requestJson<T>(`${this.operatorUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.operatorToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status} ${res.text}`);
    return res.body;
  }

  /** A new account with one user, enabled in this stack's region. */
  async createTenant(opts: { enableRegion?: boolean; username?: string } = {}): Promise<Tenant> {
    const account = await this.admin<{ id: number }>('POST', '/admin/accounts', { name: `acct-${randomBytes(3).toString('hex')}` });
    const tenant = { accountId: account.id, username: opts.username ?? 'app-user', password: `pw-${randomBytes(8).toString('hex')}` };
    await this.admin('POST', `/admin/accounts/${account.id}/users`, { username: tenant.username, password: tenant.password });
    if (opts.enableRegion !== false) await this.admin('PUT', `/admin/accounts/${account.id}/regions/${this.regionId}`);
    return tenant;
  }

  authenticate(body: Record<string, unknown>, opts: { query?: string; via?: 'gateway' | 'control-plane' } = {}): Promise<JsonResponse> {
    const base = opts.via === 'control-plane' ? this.controlPlaneUrl : this.gatewayUrl || this.controlPlaneUrl;
    return requestJson(`${base}/auth/authenticate${opts.query ?? ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  async login(t: Tenant, extra: Record<string, unknown> = {}): Promise<TokenGrant> {
    const res = await this.authenticate({ username: t.username, password: t.password, account_id: t.accountId, ...extra });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    return res.body;
  }

  async stop(): Promise<void> {
    await Promise.all(this.gateways.map((g) => g.process.stop()));
    await this.regionWorker?.stop();
    await this.controlPlane.stop();
    await this.db.drop();
  }
}
