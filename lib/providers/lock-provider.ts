import 'server-only';
import type { Tx } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';

export function providerNotFound(name: string) {
  return new DomainError('not_found', `No provider named "${name}" exists.`);
}

/** The provider row under a lock held to the end of the transaction. */
export async function lockProvider(tx: Tx, name: string) {
  const [row] = await tx.$queryRaw<{ id: string; kind: string }[]>`SELECT id, kind FROM providers WHERE name = ${name} FOR UPDATE`;
  if (!row) throw providerNotFound(name);
  return row;
}
