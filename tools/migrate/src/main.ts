import { ensureDatabase, migrateDatabase } from '@restgw/db';
import { env, loadConfig, MIGRATIONS_DIR } from '@restgw/platform';

/** `npm run migrate`: creates the database if needed and applies prisma/migrations. */
async function main(): Promise<void> {
  const { DATABASE_URL } = loadConfig({ DATABASE_URL: env.str({ default: 'postgresql://postgres@127.0.0.1:5432/restgw' }) });
  await ensureDatabase(DATABASE_URL);
  const result = await migrateDatabase(DATABASE_URL, MIGRATIONS_DIR);
  console.log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
