-- CreateTable
CREATE TABLE "installation" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "installation_id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "installation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "providers" (
    "id" UUID NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "key_collection" VARCHAR(512) NOT NULL,
    "endpoint" VARCHAR(2048),
    "ca_bundle" TEXT,
    "credential_form" VARCHAR(32),
    "sealed_credentials" BYTEA,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "providers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "distributions" (
    "id" UUID NOT NULL,
    "key_id" UUID NOT NULL,
    "provider_id" UUID NOT NULL,
    "purposes" TEXT[],
    "protection" VARCHAR(16) NOT NULL,
    "state" VARCHAR(16) NOT NULL DEFAULT 'pending',
    "remote_name" VARCHAR(256),
    "current_version" INTEGER,
    "removal_requested_at" TIMESTAMPTZ(3),
    "pending_window_days" INTEGER,
    "purge" BOOLEAN NOT NULL DEFAULT false,
    "last_error" TEXT,
    "requested_by" VARCHAR(64) NOT NULL DEFAULT 'system',
    "requested_action" VARCHAR(64) NOT NULL DEFAULT 'key.distribute',
    "synced_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "distributions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "distribution_versions" (
    "distribution_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "state" VARCHAR(16) NOT NULL DEFAULT 'pending',
    "remote_id" VARCHAR(512),
    "create_started_at" TIMESTAMPTZ(3),
    "enabled" BOOLEAN,
    "proven_at" TIMESTAMPTZ(3),
    "proof" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "deletion_date" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "distribution_versions_pkey" PRIMARY KEY ("distribution_id","version")
);

-- CreateTable
CREATE TABLE "worker_heartbeats" (
    "worker_id" VARCHAR(64) NOT NULL,
    "beat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("worker_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "installation_installation_id_key" ON "installation"("installation_id");

-- CreateIndex
CREATE UNIQUE INDEX "providers_name_key" ON "providers"("name");

-- CreateIndex
CREATE INDEX "distributions_provider_id_state_idx" ON "distributions"("provider_id", "state");

-- CreateIndex
CREATE UNIQUE INDEX "distributions_key_id_provider_id_key" ON "distributions"("key_id", "provider_id");

-- AddForeignKey
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_key_id_fkey" FOREIGN KEY ("key_id") REFERENCES "keys"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distribution_versions" ADD CONSTRAINT "distribution_versions_distribution_id_fkey" FOREIGN KEY ("distribution_id") REFERENCES "distributions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Rules Prisma's schema language cannot express (written by hand; its diff leaves them alone).
INSERT INTO "installation" ("id") VALUES (1);
ALTER TABLE "installation" ADD CONSTRAINT "installation_one_row" CHECK ("id" = 1);
ALTER TABLE "providers" ADD CONSTRAINT "providers_name_format" CHECK ("name" ~ '^[A-Za-z0-9_-]{1,128}$');
ALTER TABLE "providers" ADD CONSTRAINT "providers_kind_known" CHECK ("kind" IN ('awskms', 'azurekeyvault'));
ALTER TABLE "providers" ADD CONSTRAINT "providers_credentials_whole" CHECK (("credential_form" IS NULL) = ("sealed_credentials" IS NULL));
-- Kind and key_collection never change (DESIGN.md §1).
CREATE FUNCTION "providers_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."kind" IS DISTINCT FROM OLD."kind" OR NEW."key_collection" IS DISTINCT FROM OLD."key_collection" THEN
    RAISE EXCEPTION 'a provider''s kind and key_collection are immutable' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "providers_immutable" BEFORE UPDATE ON "providers" FOR EACH ROW EXECUTE FUNCTION "providers_immutable"();
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_state_known" CHECK (
  "state" IN ('pending', 'syncing', 'in_sync', 'failed', 'removing', 'removed'));
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_protection_known" CHECK ("protection" IN ('hsm', 'software'));
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_purposes_known" CHECK (
  cardinality("purposes") >= 1 AND "purposes" <@ ARRAY['encrypt', 'decrypt', 'sign', 'verify', 'wrap', 'unwrap']::text[]);
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_pending_window" CHECK (
  "pending_window_days" IS NULL OR "pending_window_days" BETWEEN 7 AND 30);
ALTER TABLE "distribution_versions" ADD CONSTRAINT "distribution_versions_state_known" CHECK (
  "state" IN ('pending', 'importing', 'in_sync', 'failed', 'removing', 'removed'));
ALTER TABLE "distribution_versions" ADD CONSTRAINT "distribution_versions_version_positive" CHECK ("version" >= 1);
