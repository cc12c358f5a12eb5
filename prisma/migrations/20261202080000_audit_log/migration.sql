-- Audit log (issue 16 item 4). Hand-written to match prisma/schema.prisma.
-- Append-only: the triggers below refuse UPDATE, DELETE and TRUNCATE for every
-- role except a superuser who disables them on purpose, so no code path
-- (route, CLI, a bug) can change or remove an entry.

CREATE TABLE "audit_entries" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "account_id" INTEGER,
    "summary" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "audit_entries_at_idx" ON "audit_entries"("at");
CREATE INDEX "audit_entries_account_id_id_idx" ON "audit_entries"("account_id", "id");
CREATE INDEX "audit_entries_actor_id_idx" ON "audit_entries"("actor", "id");
CREATE INDEX "audit_entries_action_id_idx" ON "audit_entries"("action", "id");

CREATE FUNCTION "audit_entries_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_entries_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_entries"
  FOR EACH ROW EXECUTE FUNCTION "audit_entries_append_only"();
CREATE TRIGGER "audit_entries_no_truncate" BEFORE TRUNCATE ON "audit_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_entries_append_only"();
