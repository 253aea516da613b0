import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { generateKeyMaterial } from '@/lib/crypto/key-generation';
import { getKeyring, materialContext } from '@/lib/crypto/seal';
import { Prisma } from '@/lib/db/client';
import { reconcileJobsForKey } from '@/lib/distribution/reconcile-job';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import type { KeyType } from './key-types';
import { keyNotFound } from './lock-key';
import { keyRef } from './schemas';
import { toKeySummary } from './views';

/**
 * Adds version latest_version + 1 with fresh material. The increment is an UPDATE, so concurrent
 * rotations queue on the key's row lock and each sees the other's committed version: versions
 * stay consecutive, and a rotation that fails rolls its increment back (no gaps).
 */
export const rotateKeyOperation = defineOperation({
  id: 'key.rotate',
  label: 'Rotate a key',
  approvable: true,
  schema: keyRef,
  recorded: ['name'],
  target: (p) => `key:${p.name}`,
  async plan({ name }, tx) {
    const key = await tx.key.findUnique({ where: { name } });
    if (!key) throw keyNotFound(name);
    return `Rotate key "${name}": add version ${key.latestVersion + 1} with fresh ${key.type} material.`;
  },
  async prepare({ name }, db) {
    const key = await db.key.findUnique({ where: { name }, select: { id: true, type: true } });
    if (!key) throw keyNotFound(name);
    return { keyId: key.id, type: key.type, ...(await generateKeyMaterial(key.type as KeyType)) };
  },
  async execute({ name }, { keyId, material, publicKeyPem }, tx) {
    try {
      // By id, not name: material generated for this key never lands on a key recreated under its name.
      const key = await tx.key.update({ where: { id: keyId }, data: { latestVersion: { increment: 1 }, updatedAt: new Date() } });
      const sealedMaterial = getKeyring().seal(material, materialContext(key.id, key.latestVersion));
      await tx.keyVersion.create({ data: { keyId: key.id, version: key.latestVersion, sealedMaterial, publicKeyPem } });
      return toKeySummary(key);
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025') throw keyNotFound(name);
      throw err;
    } finally {
      material.fill(0);
    }
  },
  // Every provider holding the key imports the new version.
  jobs: (key, _params, tx, ctx) => reconcileJobsForKey(tx, key.id, { action: 'key.rotate', username: ctx.actor.username }),
  resultRecord: (key) => ({ version: key.latestVersion }),
});

export const rotateKey = (input: unknown, ctx: UseCaseContext) => perform(rotateKeyOperation, input, ctx);
