-- CreateTable
CREATE TABLE "root_key_rotation" (
    "id" SERIAL NOT NULL,
    "target_root_key_id" VARCHAR(128) NOT NULL,
    "state" VARCHAR(16) NOT NULL DEFAULT 'running',
    "rewrapped" INTEGER NOT NULL DEFAULT 0,
    "remaining" INTEGER,
    "last_error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "root_key_rotation_pkey" PRIMARY KEY ("id")
);
