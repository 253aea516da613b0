import 'server-only';
import type { Tx } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';

export interface LockedKey {
  id: string;
  name: string;
  type: string;
  latestVersion: number;
  minEnabledVersion: number;
  deletionAllowed: boolean;
}

/**
 * Reads a key with a row lock held to the end of the transaction: changes that depend on the
 * key's current state (version ranges, deletion_allowed) decide on a state nobody else can move.
 * `lock: false` reads the same fields without the lock, for plans.
 */
export async function lockKey(tx: Tx, name: string, { lock = true } = {}): Promise<LockedKey> {
  const rows = lock
    ? await tx.$queryRaw<LockedKey[]>`
        SELECT id, name, type, latest_version AS "latestVersion", min_enabled_version AS "minEnabledVersion",
               deletion_allowed AS "deletionAllowed"
        FROM keys WHERE name = ${name} FOR UPDATE`
    : await tx.key.findMany({ where: { name } });
  const key = rows[0];
  if (!key) throw keyNotFound(name);
  return key;
}

export function keyNotFound(name: string) {
  return new DomainError('not_found', `No key named "${name}" exists.`);
}
