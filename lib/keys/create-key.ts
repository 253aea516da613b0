import 'server-only';
import { randomUUID } from 'node:crypto';
import type { UseCaseContext } from '@/lib/auth/actor';
import { generateKeyMaterial } from '@/lib/crypto/key-generation';
import { getKeyring, materialContext } from '@/lib/crypto/seal';
import type { Tx } from '@/lib/db/client';
import { isUniqueViolation } from '@/lib/db/transaction';
import { DomainError } from '@/lib/errors';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import { KEY_TYPES } from './key-types';
import { createKeyInput } from './schemas';
import { toKeySummary } from './views';

/** Names are unique case-insensitively (keys_name_lower_key): "UI-AES" and "ui-aes" are one name. */
function nameTaken(name: string, existing?: string) {
  const message = existing === undefined
    ? `A key named "${name}" (or the same name in other letter case) already exists.`
    : existing === name
      ? `A key named "${name}" already exists.`
      : `A key named "${existing}" already exists; names that differ only in letter case are the same name.`;
  return new DomainError('conflict', message, { name: ['This name is taken.'] });
}

async function refuseTakenName(tx: Tx, name: string) {
  const existing = await tx.key.findFirst({ where: { name: { equals: name, mode: 'insensitive' } }, select: { name: true } });
  if (existing) throw nameTaken(name, existing.name);
}

export const createKeyOperation = defineOperation({
  id: 'key.create',
  label: 'Create a key',
  approvable: true,
  schema: createKeyInput,
  recorded: ['name', 'type'],
  target: (p) => `key:${p.name}`,
  async plan({ name, type }, tx) {
    await refuseTakenName(tx, name);
    return `Create key "${name}" of type ${type} (${KEY_TYPES[type].label}); version 1 is generated at once.`;
  },
  // Generation is slow (RSA-4096: ~1 s) and needs no lock, so it happens before the transaction.
  async prepare({ type }) {
    const id = randomUUID();
    const { material, publicKeyPem } = await generateKeyMaterial(type);
    const sealedMaterial = getKeyring().seal(material, materialContext(id, 1));
    material.fill(0);
    return { id, sealedMaterial, publicKeyPem };
  },
  async execute({ name, type }, { id, sealedMaterial, publicKeyPem }, tx) {
    await refuseTakenName(tx, name);
    try {
      const key = await tx.key.create({
        data: { id, name, type, latestVersion: 1, versions: { create: { version: 1, sealedMaterial, publicKeyPem } } },
      });
      return toKeySummary(key);
    } catch (err) {
      throw isUniqueViolation(err) ? nameTaken(name) : err;
    }
  },
});

export const createKey = (input: unknown, ctx: UseCaseContext) => perform(createKeyOperation, input, ctx);
