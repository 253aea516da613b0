import 'server-only';
import { getDb, type Tx } from '@/lib/db/client';

let cached: string | undefined;

/** This installation's stable id (created by the migration on first start), in every cloud tag. */
export async function installationId(db: Tx = getDb()): Promise<string> {
  cached ??= (await db.installation.findUniqueOrThrow({ where: { id: 1 } })).installationId;
  return cached;
}
