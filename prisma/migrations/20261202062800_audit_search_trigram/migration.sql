-- Audit filters search actor and target case-insensitively by substring (ILIKE '%…%', which is
-- how Prisma's `contains` with `mode: 'insensitive'` is written). Trigram GIN indexes serve those
-- patterns; a btree cannot serve a leading wildcard. pg_trgm is a trusted extension (PostgreSQL
-- 13+), so a migration owner with CREATE on the database may install it. Prisma's diff leaves
-- these indexes alone.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "audit_events_actor_name_trgm_idx" ON "audit_events" USING GIN ("actor_name" gin_trgm_ops);
CREATE INDEX "audit_events_target_trgm_idx" ON "audit_events" USING GIN ("target" gin_trgm_ops);
