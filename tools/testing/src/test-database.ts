import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureDatabase, migrateDatabase } from '@restgw/db';
import { MIGRATIONS_DIR } from '@restgw/platform';
import { serviceUrls } from './service-urls';

export interface TestDatabase {
  url: string;
  /** One statement on the test database (own short-lived connection); its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
}

/** A fresh, migrated database per test file, dropped afterwards (on the machine's server unless `adminUrl` names another). */
export async function createTestDatabase(opts: { migrate?: boolean; adminUrl?: string } = {}): Promise<TestDatabase> {
  const name = `restgw_test_${randomBytes(5).toString('hex')}`;
  const adminUrl = opts.adminUrl ?? serviceUrls.postgresAdmin;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await ensureDatabase(url.toString());
  if (opts.migrate !== false) await migrateDatabase(url.toString(), MIGRATIONS_DIR);
  return {
    url: url.toString(),
    async query<Row>(sql: string, params: unknown[] = []) {
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as Row[];
      } finally {
        await client.end();
      }
    },
    async drop() {
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
