import 'server-only';
import { randomBytes } from 'node:crypto';
import { getKeyring } from '@/lib/crypto/seal';
import { getDb, type Tx } from '@/lib/db/client';

/** The context the chain key is sealed under (also used by the root key rotation's rewrap). */
export const CHAIN_KEY_CONTEXT = 'audit-chain-key';
const CONTEXT = CHAIN_KEY_CONTEXT;

/**
 * The audit chain's HMAC key. It is created once, sealed under the root key and kept in the
 * chain's head row: whoever can write to the database but does not hold the root key cannot
 * compute a valid hash, so cannot forge, append or re-chain events unnoticed.
 */
let cached: Promise<Buffer> | undefined;
export function chainKey(): Promise<Buffer> {
  cached ??= loadOrCreate().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

/**
 * For an append: the key from the head row the caller's transaction holds locked, or on the
 * first event ever a fresh one stored in that same transaction (gone with it on a rollback).
 * Nothing here takes a second connection: transactions waiting on the head row hold pool
 * connections, and a lookup needing another one could starve behind them.
 */
export async function chainKeyOfHead(tx: Tx, sealedKey: Uint8Array | null): Promise<Buffer> {
  if (sealedKey) return getKeyring().open(sealedKey, CONTEXT);
  const fresh = randomBytes(32);
  await tx.$executeRaw`UPDATE audit_chain_head SET sealed_key = ${new Uint8Array(getKeyring().seal(fresh, CONTEXT))} WHERE id = 1`;
  return fresh;
}

/** Forgets the cached key (tests that reset the chain). */
export function forgetChainKey() {
  cached = undefined;
}

async function sealedKey() {
  const head = await getDb().auditChainHead.findUnique({ where: { id: 1 }, select: { sealedKey: true } });
  if (!head) throw new Error('The audit chain has no head: the migrations were not applied.');
  return head.sealedKey;
}

async function loadOrCreate(): Promise<Buffer> {
  let sealed = await sealedKey();
  if (!sealed) {
    const fresh = new Uint8Array(getKeyring().seal(randomBytes(32), CONTEXT));
    // The first process to get here wins; everyone then reads the same key.
    await getDb().$executeRaw`UPDATE audit_chain_head SET sealed_key = ${fresh} WHERE id = 1 AND sealed_key IS NULL`;
    sealed = await sealedKey();
  }
  return getKeyring().open(sealed!, CONTEXT);
}
