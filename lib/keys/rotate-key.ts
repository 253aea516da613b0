import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { generateKeyMaterial } from '@/lib/crypto/key-generation';
import { getKeyring, materialContext } from '@/lib/crypto/seal';
import { getDb, Prisma } from '@/lib/db/client';
import { inTransaction } from '@/lib/db/transaction';
import { parseInput, type Untrusted } from '@/lib/validation';
import type { KeyType } from './key-types';
import { keyNotFound } from './lock-key';
import { keyRef, type KeyRef } from './schemas';
import { toKeySummary, type KeySummary } from './views';

/**
 * Adds version latest_version + 1 with fresh material. The increment is an UPDATE, so concurrent
 * rotations queue on the key's row lock and each sees the other's committed version: versions
 * stay consecutive, and a rotation that fails rolls its increment back (no gaps).
 */
export async function rotateKey(input: Untrusted<KeyRef>, ctx: UseCaseContext): Promise<KeySummary> {
  const { name } = parseInput(keyRef, input);
  const current = await (ctx.tx ?? getDb()).key.findUnique({ where: { name }, select: { id: true, type: true } });
  if (!current) throw keyNotFound(name);
  const { material, publicKeyPem } = await generateKeyMaterial(current.type as KeyType);
  try {
    const key = await inTransaction(ctx.tx, async (tx) => {
      const key = await tx.key.update({
        where: { id: current.id },
        data: { latestVersion: { increment: 1 }, updatedAt: new Date() },
      });
      const sealedMaterial = getKeyring().seal(material, materialContext(key.id, key.latestVersion));
      await tx.keyVersion.create({ data: { keyId: key.id, version: key.latestVersion, sealedMaterial, publicKeyPem } });
      return key;
    });
    return toKeySummary(key);
  } catch (err) {
    // Deleted between the read and the update.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025') throw keyNotFound(name);
    throw err;
  } finally {
    material.fill(0);
  }
}
