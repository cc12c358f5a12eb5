import { defineConfig } from 'prisma/config';

// The CLI reads the connection here (Prisma 7); the runtime client uses
// @prisma/adapter-pg with DATABASE_URL (libs/control/db). Migrations are plain SQL
// applied by tools/migrate, recorded in _prisma_migrations.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/restgw' },
});
