-- Tenant limits, monthly quotas and usage metering (issue 15). Hand-written to
-- match prisma/schema.prisma; libs/control/db/test/schema.int-spec.ts
-- round-trips every model on the migrated schema.

CREATE TYPE "QuotaState" AS ENUM ('ok', 'warning', 'exceeded_messages', 'exceeded_bytes');

CREATE TABLE "account_limits" (
    "account_id" INTEGER NOT NULL,
    "produce_messages_per_second" INTEGER,
    "produce_bytes_per_second" INTEGER,
    "consume_messages_per_second" INTEGER,
    "requests_per_second" INTEGER,
    "concurrent_consumes" INTEGER,
    "monthly_messages_quota" BIGINT,
    "monthly_bytes_quota" BIGINT,
    "quota_warning_percent" INTEGER NOT NULL DEFAULT 80,
    "quota_state" "QuotaState" NOT NULL DEFAULT 'ok',
    "quota_month" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "account_limits_pkey" PRIMARY KEY ("account_id")
);

CREATE TABLE "station_limits" (
    "account_id" INTEGER NOT NULL,
    "station" TEXT NOT NULL,
    "produce_messages_per_second" INTEGER,
    "produce_bytes_per_second" INTEGER,
    "consume_messages_per_second" INTEGER,
    "requests_per_second" INTEGER,
    "concurrent_consumes" INTEGER,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "station_limits_pkey" PRIMARY KEY ("account_id", "station")
);

ALTER TABLE "account_limits" ADD CONSTRAINT "account_limits_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "station_limits" ADD CONSTRAINT "station_limits_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Usage: no foreign key to accounts, so a report never fails on an account
-- deleted meanwhile (its rows stay for the record).
CREATE TABLE "usage_minutes" (
    "account_id" INTEGER NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "region_id" TEXT NOT NULL,
    "station" TEXT NOT NULL,
    "produced_messages" BIGINT NOT NULL DEFAULT 0,
    "produced_bytes" BIGINT NOT NULL DEFAULT 0,
    "consumed_messages" BIGINT NOT NULL DEFAULT 0,
    "consumed_bytes" BIGINT NOT NULL DEFAULT 0,
    "requests_2xx" BIGINT NOT NULL DEFAULT 0,
    "requests_4xx" BIGINT NOT NULL DEFAULT 0,
    "requests_429" BIGINT NOT NULL DEFAULT 0,
    "requests_5xx" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "usage_minutes_pkey" PRIMARY KEY ("account_id", "minute", "region_id", "station")
);

CREATE TABLE "usage_hours" (
    "account_id" INTEGER NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "region_id" TEXT NOT NULL,
    "station" TEXT NOT NULL,
    "produced_messages" BIGINT NOT NULL DEFAULT 0,
    "produced_bytes" BIGINT NOT NULL DEFAULT 0,
    "consumed_messages" BIGINT NOT NULL DEFAULT 0,
    "consumed_bytes" BIGINT NOT NULL DEFAULT 0,
    "requests_2xx" BIGINT NOT NULL DEFAULT 0,
    "requests_4xx" BIGINT NOT NULL DEFAULT 0,
    "requests_429" BIGINT NOT NULL DEFAULT 0,
    "requests_5xx" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "usage_hours_pkey" PRIMARY KEY ("account_id", "hour", "region_id", "station")
);

CREATE TABLE "usage_days" (
    "account_id" INTEGER NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "region_id" TEXT NOT NULL,
    "station" TEXT NOT NULL,
    "produced_messages" BIGINT NOT NULL DEFAULT 0,
    "produced_bytes" BIGINT NOT NULL DEFAULT 0,
    "consumed_messages" BIGINT NOT NULL DEFAULT 0,
    "consumed_bytes" BIGINT NOT NULL DEFAULT 0,
    "requests_2xx" BIGINT NOT NULL DEFAULT 0,
    "requests_4xx" BIGINT NOT NULL DEFAULT 0,
    "requests_429" BIGINT NOT NULL DEFAULT 0,
    "requests_5xx" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "usage_days_pkey" PRIMARY KEY ("account_id", "day", "region_id", "station")
);

CREATE TABLE "usage_reports" (
    "id" TEXT NOT NULL,
    "region_id" TEXT NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "usage_reports_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "usage_reports_received_at_idx" ON "usage_reports"("received_at");
