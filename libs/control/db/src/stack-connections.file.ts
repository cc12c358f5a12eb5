import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm start` leaves the connection settings it gave its apps in DATA_DIR, so
 * the CLI (run beside it, without variables) talks to the same database and
 * state store, the embedded PostgreSQL of the local profile included.
 */
export const STACK_CONNECTIONS_FILE = 'stack-connections.json';

/** The connection variables of controlConnectionsConfigSpec, as the stack set them. */
export type StackConnections = Partial<Record<'DATABASE_URL' | 'STATE_DATABASE_URL' | 'REDIS_URL' | 'REDIS_KEY_PREFIX', string>>;

export function writeStackConnections(dataDir: string, connections: StackConnections): string {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, STACK_CONNECTIONS_FILE);
  // It holds the embedded server's password: readable by its owner only.
  writeFileSync(path, `${JSON.stringify(connections, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

/** The stack's connections, or null when no stack ever ran with this DATA_DIR. */
export function readStackConnections(dataDir: string): { path: string; connections: StackConnections } | null {
  const path = join(dataDir, STACK_CONNECTIONS_FILE);
  if (!existsSync(path)) return null;
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!parsed || typeof parsed !== 'object') throw new Error(`${path} is not a JSON object; delete it or start the stack again`);
  const connections: StackConnections = {};
  for (const key of ['DATABASE_URL', 'STATE_DATABASE_URL', 'REDIS_URL', 'REDIS_KEY_PREFIX'] as const) {
    const v = (parsed as Record<string, unknown>)[key];
    if (typeof v === 'string' && v !== '') connections[key] = v;
  }
  return { path, connections };
}

/** A database URL fit for printing: the password masked. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
