-- Console sign-in sessions (issue 16 item 2). Hand-written to match prisma/schema.prisma.
-- The browser holds the session secret in an httpOnly cookie; only its SHA-256 is stored here.

CREATE TABLE "operator_sessions" (
    "id" TEXT NOT NULL,
    "operator_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "operator_sessions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "operator_sessions_operator_id_fkey" FOREIGN KEY ("operator_id") REFERENCES "operators"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "operator_sessions_operator_id_idx" ON "operator_sessions"("operator_id");
CREATE INDEX "operator_sessions_expires_at_idx" ON "operator_sessions"("expires_at");
