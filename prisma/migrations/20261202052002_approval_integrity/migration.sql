-- One pending request per (operation, target, parameters). The hash is the database's own:
-- sha256 of the parameters' jsonb text, which is canonical (keys sorted, whitespace fixed).
ALTER TABLE "approval_requests" ADD COLUMN "params_hash" VARCHAR(64);
UPDATE "approval_requests" SET "params_hash" = encode(sha256(convert_to("params"::text, 'UTF8')), 'hex');
ALTER TABLE "approval_requests" ALTER COLUMN "params_hash" SET NOT NULL;
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_params_hash_true" CHECK (
  "params_hash" = encode(sha256(convert_to("params"::text, 'UTF8')), 'hex'));

-- Requests end as `cancelled` too: withdrawn by the requester, or their target deleted.
ALTER TABLE "approval_requests" DROP CONSTRAINT "approval_requests_state_known";
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_state_known" CHECK (
  "state" IN ('pending', 'executed', 'failed', 'denied', 'expired', 'cancelled'));

-- Duplicates already pending: the oldest stays, the others end (no audit event: a migration
-- cannot sign the chain; the result says why).
UPDATE "approval_requests" AS r
SET "state" = 'cancelled', "resolved_at" = CURRENT_TIMESTAMP,
    "result" = 'Cancelled: a duplicate of request #' || k."number" || ' (one pending request per operation and parameters).'
FROM (
  SELECT "operation", "target", "params_hash", min("number") AS "number"
  FROM "approval_requests" WHERE "state" = 'pending'
  GROUP BY "operation", "target", "params_hash" HAVING count(*) > 1
) AS k
WHERE r."state" = 'pending' AND r."operation" = k."operation" AND r."target" = k."target"
  AND r."params_hash" = k."params_hash" AND r."number" <> k."number";

-- CreateIndex
CREATE UNIQUE INDEX "approval_requests_one_pending" ON "approval_requests"("operation", "target", "params_hash") WHERE ((state)::text = 'pending'::text);

-- CreateTable
CREATE TABLE "role_grants" (
    "user_id" UUID NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "granted_by" UUID,

    CONSTRAINT "role_grants_pkey" PRIMARY KEY ("user_id","role")
);

-- AddForeignKey
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_granted_by_fkey" FOREIGN KEY ("granted_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_role_known" CHECK (
  "role" IN ('viewer', 'operator', 'approver', 'auditor', 'admin'));

-- role_grants follows users.roles whatever writes it: a role kept keeps its row (its date and
-- granter), a removed role loses it, a role added starts a row now, granted by the transaction's
-- acting user (commitChange sets keywarden.actor_id; unset: the system, e.g. the first start).
CREATE FUNCTION "users_keep_role_grants"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  granter uuid := NULLIF(current_setting('keywarden.actor_id', true), '')::uuid;
BEGIN
  DELETE FROM "role_grants" WHERE "user_id" = NEW."id" AND NOT ("role" = ANY (COALESCE(NEW."roles", ARRAY[]::TEXT[])));
  INSERT INTO "role_grants" ("user_id", "role", "granted_at", "granted_by")
    SELECT NEW."id", r, CURRENT_TIMESTAMP, granter FROM unnest(NEW."roles") AS r
    ON CONFLICT ("user_id", "role") DO NOTHING;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "users_role_grants" AFTER INSERT OR UPDATE OF "roles" ON "users"
  FOR EACH ROW EXECUTE FUNCTION "users_keep_role_grants"();

-- Roles held before this migration: dated and attributed from the audit log's latest successful
-- user.create / user.set_roles event that listed the role (a conservative date: never earlier
-- than the true grant); without such an event (the seeded admin), the account's creation, by the
-- system.
INSERT INTO "role_grants" ("user_id", "role", "granted_at", "granted_by")
SELECT u."id", r, COALESCE(e."occurred_at", u."created_at"), e."actor_id"
FROM "users" AS u
CROSS JOIN LATERAL unnest(u."roles") AS r
LEFT JOIN LATERAL (
  SELECT a."occurred_at", CASE WHEN EXISTS (SELECT 1 FROM "users" WHERE "id" = a."actor_id") THEN a."actor_id" END AS "actor_id"
  FROM "audit_events" AS a
  WHERE a."action" IN ('user.create', 'user.set_roles') AND a."outcome" = 'succeeded'
    AND a."target" = 'user:' || u."username" AND jsonb_typeof(a."params"->'roles') = 'array'
    AND a."params"->'roles' ? r
  ORDER BY a."seq" DESC LIMIT 1
) AS e ON TRUE
ON CONFLICT ("user_id", "role") DO NOTHING;
