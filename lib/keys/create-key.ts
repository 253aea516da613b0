import 'server-only';
import { randomUUID } from 'node:crypto';
import type { UseCaseContext } from '@/lib/auth/actor';
import { generateKeyMaterial } from '@/lib/crypto/key-generation';
import { getKeyring, materialContext } from '@/lib/crypto/seal';
import { inTransaction, isUniqueViolation } from '@/lib/db/transaction';
import { DomainError } from '@/lib/errors';
import { parseInput, type Untrusted } from '@/lib/validation';
import { createKeyInput, type CreateKeyInput } from './schemas';
import { toKeySummary, type KeySummary } from './views';

export async function createKey(input: Untrusted<CreateKeyInput>, ctx: UseCaseContext): Promise<KeySummary> {
  const { name, type } = parseInput(createKeyInput, input);
  // Generation is slow (RSA-4096: ~1 s) and needs no lock, so it happens before the transaction.
  const id = randomUUID();
  const { material, publicKeyPem } = await generateKeyMaterial(type);
  const sealedMaterial = getKeyring().seal(material, materialContext(id, 1));
  material.fill(0);
  try {
    const key = await inTransaction(ctx.tx, (tx) =>
      tx.key.create({
        data: { id, name, type, latestVersion: 1, versions: { create: { version: 1, sealedMaterial, publicKeyPem } } },
      }),
    );
    return toKeySummary(key);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new DomainError('conflict', `A key named "${name}" already exists.`, { name: ['This name is taken.'] });
    }
    throw err;
  }
}
