import 'server-only';
import type { Tx } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';
import { keyNotFound } from '@/lib/keys/lock-key';
import { providerNotFound } from '@/lib/providers/lock-provider';

export interface LockedDistribution {
  id: string;
  state: string;
  removalRequestedAt: Date | null;
  keyName: string;
  providerName: string;
  providerKind: string;
  latestVersion: number;
}

/** The live (not removed) distribution of a key in a provider, row-locked to the end of the transaction. */
export async function lockDistribution(tx: Tx, providerName: string, keyName: string, { lock = true } = {}): Promise<LockedDistribution> {
  const rows = await tx.$queryRawUnsafe<(LockedDistribution & { found: boolean })[]>(
    `SELECT d.id, d.state, d.removal_requested_at AS "removalRequestedAt", k.name AS "keyName", p.name AS "providerName",
            p.kind AS "providerKind", k.latest_version AS "latestVersion"
     FROM distributions d JOIN keys k ON k.id = d.key_id JOIN providers p ON p.id = d.provider_id
     WHERE p.name = $1 AND k.name = $2 ${lock ? 'FOR UPDATE OF d' : ''}`,
    providerName,
    keyName,
  );
  const row = rows[0];
  if (!row || row.state === 'removed') {
    if (!(await tx.provider.findUnique({ where: { name: providerName }, select: { id: true } }))) throw providerNotFound(providerName);
    if (!(await tx.key.findUnique({ where: { name: keyName }, select: { id: true } }))) throw keyNotFound(keyName);
    throw new DomainError('not_found', `Key "${keyName}" is not distributed to "${providerName}".`);
  }
  return row;
}
