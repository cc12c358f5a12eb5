-- Stations, schemas and schema versions; per-account station policy (issue 3).
-- Hand-written to match prisma/schema.prisma; libs/db/test/schema.int-spec.ts
-- round-trips every model on the migrated schema.

CREATE TYPE "StationStatus" AS ENUM ('provisioning', 'active', 'failed', 'deleting', 'deleted');
CREATE TYPE "SchemaType" AS ENUM ('json', 'protobuf');

ALTER TABLE "accounts" ADD COLUMN "auto_create_stations" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN "station_quota" INTEGER NOT NULL DEFAULT 100;

CREATE TABLE "stations" (
    "id" UUID NOT NULL,
    "account_id" INTEGER NOT NULL,
    "region_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "partitions" INTEGER NOT NULL DEFAULT 1,
    "retention_ms" BIGINT,
    "retention_bytes" BIGINT,
    "max_message_bytes" INTEGER NOT NULL DEFAULT 1048576,
    "schema_id" UUID,
    "status" "StationStatus" NOT NULL DEFAULT 'provisioning',
    "version" INTEGER NOT NULL DEFAULT 1,
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "stations_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "schemas" (
    "id" UUID NOT NULL,
    "account_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "type" "SchemaType" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "schemas_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "schema_versions" (
    "id" UUID NOT NULL,
    "schema_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "message_type" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "schema_versions_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "stations_account_id_region_id_name_key" ON "stations"("account_id", "region_id", "name");
CREATE INDEX "stations_schema_id_idx" ON "stations"("schema_id");
CREATE UNIQUE INDEX "schemas_account_id_name_key" ON "schemas"("account_id", "name");
CREATE UNIQUE INDEX "schema_versions_schema_id_version_key" ON "schema_versions"("schema_id", "version");

ALTER TABLE "stations" ADD CONSTRAINT "stations_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "stations" ADD CONSTRAINT "stations_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "stations" ADD CONSTRAINT "stations_schema_id_fkey" FOREIGN KEY ("schema_id") REFERENCES "schemas"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "schemas" ADD CONSTRAINT "schemas_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "schema_versions" ADD CONSTRAINT "schema_versions_schema_id_fkey" FOREIGN KEY ("schema_id") REFERENCES "schemas"("id") ON DELETE CASCADE ON UPDATE CASCADE;
