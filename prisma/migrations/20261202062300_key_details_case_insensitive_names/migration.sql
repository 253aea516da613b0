-- AlterTable
ALTER TABLE "keys" ADD COLUMN     "description" VARCHAR(1000) NOT NULL DEFAULT '',
ADD COLUMN     "owner" VARCHAR(128) NOT NULL DEFAULT '',
ADD COLUMN     "tags" VARCHAR(64)[] DEFAULT ARRAY[]::VARCHAR(64)[];

-- Prisma's diff leaves CHECK constraints and expression indexes alone; the bounds match lib/keys/schemas.ts.
ALTER TABLE "keys" ADD CONSTRAINT "keys_tags_bounded" CHECK ("tags" IS NOT NULL AND cardinality("tags") <= 20);
ALTER TABLE "keys" ADD CONSTRAINT "keys_owner_trimmed" CHECK ("owner" = btrim("owner"));

-- Names that differ only in case name the same thing (Azure key names and AWS aliases are
-- case-insensitive), so they are unique case-insensitively. Names are immutable, so existing
-- duplicates cannot be resolved by renaming: the migration stops and names them, and an operator
-- deletes one of each pair (README, "Key names").
DO $$
DECLARE
  clash text;
BEGIN
  SELECT string_agg(names, '; ') INTO clash FROM (
    SELECT string_agg('"' || name || '"', ', ' ORDER BY name) AS names FROM "keys" GROUP BY lower(name) HAVING count(*) > 1
  ) AS d;
  IF clash IS NOT NULL THEN
    RAISE EXCEPTION 'Keys whose names differ only in case: %. Delete one of each before migrating.', clash;
  END IF;
  SELECT string_agg(names, '; ') INTO clash FROM (
    SELECT string_agg('"' || name || '"', ', ' ORDER BY name) AS names FROM "providers" GROUP BY lower(name) HAVING count(*) > 1
  ) AS d;
  IF clash IS NOT NULL THEN
    RAISE EXCEPTION 'Providers whose names differ only in case: %. Delete one of each before migrating.', clash;
  END IF;
END $$;

CREATE UNIQUE INDEX "keys_name_lower_key" ON "keys" (lower("name"));
CREATE UNIQUE INDEX "providers_name_lower_key" ON "providers" (lower("name"));

-- Search over details (listKeys q): tags by containment.
CREATE INDEX "keys_tags_idx" ON "keys" USING GIN ("tags");
