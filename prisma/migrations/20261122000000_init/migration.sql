-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "username" VARCHAR(64) NOT NULL,
    "password_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "keys" (
    "id" UUID NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "type" VARCHAR(32) NOT NULL,
    "latest_version" INTEGER NOT NULL,
    "min_enabled_version" INTEGER NOT NULL DEFAULT 0,
    "deletion_allowed" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "key_versions" (
    "key_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "sealed_material" BYTEA NOT NULL,
    "public_key_pem" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "key_versions_pkey" PRIMARY KEY ("key_id","version")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE UNIQUE INDEX "keys_name_key" ON "keys"("name");

-- CreateIndex
CREATE INDEX "keys_type_name_idx" ON "keys"("type", "name");

-- CreateIndex
CREATE INDEX "keys_created_at_idx" ON "keys"("created_at");

-- CreateIndex
CREATE INDEX "keys_updated_at_idx" ON "keys"("updated_at");

-- AddForeignKey
ALTER TABLE "key_versions" ADD CONSTRAINT "key_versions_key_id_fkey" FOREIGN KEY ("key_id") REFERENCES "keys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Domain rules the database enforces whatever the caller (DESIGN.md §1). Written by hand:
-- Prisma's schema language has no CHECK constraints and its diff leaves them alone.
ALTER TABLE "keys" ADD CONSTRAINT "keys_name_format" CHECK ("name" ~ '^[A-Za-z0-9_-]{1,128}$');
ALTER TABLE "keys" ADD CONSTRAINT "keys_type_known" CHECK ("type" IN
  ('aes256-gcm96', 'rsa-2048', 'rsa-3072', 'rsa-4096', 'ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521'));
ALTER TABLE "keys" ADD CONSTRAINT "keys_versions_in_range" CHECK
  ("latest_version" >= 1 AND "min_enabled_version" >= 0 AND "min_enabled_version" <= "latest_version");
ALTER TABLE "key_versions" ADD CONSTRAINT "key_versions_version_positive" CHECK ("version" >= 1);
ALTER TABLE "users" ADD CONSTRAINT "users_username_format" CHECK ("username" ~ '^[a-z0-9][a-z0-9._-]{0,63}$');
