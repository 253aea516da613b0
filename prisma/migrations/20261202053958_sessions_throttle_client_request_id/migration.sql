-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "client_request_id" VARCHAR(128);

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "ip" VARCHAR(64),
    "user_agent" VARCHAR(512),

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sign_in_throttle" (
    "username" VARCHAR(64) NOT NULL,
    "window_started_at" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL,

    CONSTRAINT "sign_in_throttle_pkey" PRIMARY KEY ("username")
);

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written from here.
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_client_request_id_printable" CHECK (
  "client_request_id" ~ '^[ -~]{1,128}$');
ALTER TABLE "sign_in_throttle" ADD CONSTRAINT "sign_in_throttle_attempts_nonnegative" CHECK ("attempts" >= 0);

-- Disabling a user or moving their session version (a password reset) revokes every session of
-- theirs in the same transaction, whoever made the change.
CREATE FUNCTION "users_revoke_sessions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "sessions" SET "revoked_at" = CURRENT_TIMESTAMP
  WHERE "user_id" = NEW."id" AND "revoked_at" IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER "users_revoke_sessions" AFTER UPDATE OF "session_version", "disabled_at" ON "users"
  FOR EACH ROW
  WHEN (NEW."session_version" IS DISTINCT FROM OLD."session_version"
        OR (NEW."disabled_at" IS NOT NULL AND OLD."disabled_at" IS NULL))
  EXECUTE FUNCTION "users_revoke_sessions"();
