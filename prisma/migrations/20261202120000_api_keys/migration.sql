-- API keys (issue 14 item 1). Hand-written to match prisma/schema.prisma.
-- Only the key's HMAC-SHA-256 hash is stored; the key itself is shown once.

CREATE TYPE "ApiKeyKind" AS ENUM ('operator', 'customer');

CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "kind" "ApiKeyKind" NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scopes" TEXT[],
    "account_id" INTEGER,
    "stations" TEXT[],
    "expires_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "api_keys_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    -- A customer key belongs to an account, an operator key to none.
    CONSTRAINT "api_keys_kind_account" CHECK (("kind" = 'customer') = ("account_id" IS NOT NULL))
);

CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");
CREATE INDEX "api_keys_kind_account_id_idx" ON "api_keys"("kind", "account_id");
