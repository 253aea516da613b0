-- AlterTable
ALTER TABLE "users" ADD COLUMN     "disabled_at" TIMESTAMPTZ(3),
ADD COLUMN     "roles" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "session_version" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "approval_policies" (
    "operation" VARCHAR(64) NOT NULL,
    "required_approvals" INTEGER NOT NULL,
    "expires_after_hours" INTEGER NOT NULL DEFAULT 24,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_policies_pkey" PRIMARY KEY ("operation")
);

-- CreateTable
CREATE TABLE "approval_requests" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "operation" VARCHAR(64) NOT NULL,
    "params" JSONB NOT NULL,
    "plan" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "requested_by" UUID NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "required_approvals" INTEGER NOT NULL,
    "state" VARCHAR(16) NOT NULL DEFAULT 'pending',
    "resolved_at" TIMESTAMPTZ(3),
    "result" TEXT,

    CONSTRAINT "approval_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approval_decisions" (
    "request_id" UUID NOT NULL,
    "approver_id" UUID NOT NULL,
    "decision" VARCHAR(8) NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "decided_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_decisions_pkey" PRIMARY KEY ("request_id","approver_id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "seq" BIGINT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "actor_id" UUID,
    "actor_name" TEXT NOT NULL,
    "actor_roles" TEXT[],
    "action" VARCHAR(64) NOT NULL,
    "target" TEXT,
    "outcome" VARCHAR(16) NOT NULL,
    "params" JSONB NOT NULL,
    "reason" TEXT,
    "request_id" TEXT,
    "ip" TEXT,
    "user_agent" TEXT,
    "prev_hash" BYTEA NOT NULL,
    "hash" BYTEA NOT NULL,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "audit_chain_head" (
    "id" INTEGER NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" BYTEA NOT NULL,
    "sealed_key" BYTEA,

    CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "approval_requests_number_key" ON "approval_requests"("number");

-- CreateIndex
CREATE INDEX "approval_requests_state_requested_at_idx" ON "approval_requests"("state", "requested_at");

-- CreateIndex
CREATE INDEX "audit_events_actor_name_seq_idx" ON "audit_events"("actor_name", "seq");

-- CreateIndex
CREATE INDEX "audit_events_action_seq_idx" ON "audit_events"("action", "seq");

-- CreateIndex
CREATE INDEX "audit_events_action_outcome_seq_idx" ON "audit_events"("action", "outcome", "seq");

-- CreateIndex
CREATE INDEX "audit_events_target_seq_idx" ON "audit_events"("target", "seq");

-- CreateIndex
CREATE INDEX "audit_events_outcome_seq_idx" ON "audit_events"("outcome", "seq");

-- CreateIndex
CREATE INDEX "audit_events_occurred_at_seq_idx" ON "audit_events"("occurred_at", "seq");

-- AddForeignKey
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_requested_by_fkey" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "approval_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_approver_id_fkey" FOREIGN KEY ("approver_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand: rules Prisma's schema language cannot state.
ALTER TABLE "users" ADD CONSTRAINT "users_roles_known" CHECK (
  "roles" IS NOT NULL AND "roles" <@ ARRAY['viewer', 'operator', 'approver', 'auditor', 'admin']::TEXT[]);
-- Accounts from before roles existed: the seeded admin keeps every power it had, others may read.
UPDATE "users" SET "roles" = CASE WHEN "username" = 'admin'
  THEN ARRAY['viewer', 'operator', 'approver', 'auditor', 'admin']::TEXT[] ELSE ARRAY['viewer']::TEXT[] END;

ALTER TABLE "approval_policies" ADD CONSTRAINT "approval_policies_in_range" CHECK (
  "required_approvals" BETWEEN 0 AND 10 AND "expires_after_hours" BETWEEN 1 AND 720);
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_state_known" CHECK (
  "state" IN ('pending', 'executed', 'failed', 'denied', 'expired'));
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_needs_approval" CHECK ("required_approvals" >= 1);
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_decision_known" CHECK ("decision" IN ('approve', 'deny'));

ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_outcome_known" CHECK (
  "outcome" IN ('succeeded', 'denied', 'failed', 'requested'));
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_hashes" CHECK (
  octet_length("hash") = 32 AND octet_length("prev_hash") = 32);

-- Filters combine action and outcome; without joint statistics the planner assumes they are
-- independent and walks the whole log backwards for a rare combination.
CREATE STATISTICS "audit_events_action_outcome" (mcv) ON "action", "outcome" FROM "audit_events";

-- The audit log is append-only, whatever the client.
CREATE FUNCTION "audit_events_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "audit_events_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_refuse_change"();
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_refuse_change"();

-- The genesis of the chain: seq 0, a hash of 32 zero bytes.
INSERT INTO "audit_chain_head" ("id", "seq", "hash") VALUES (1, 0, '\x0000000000000000000000000000000000000000000000000000000000000000');
