import 'server-only';
import { randomUUID } from 'node:crypto';
import type { UseCaseContext } from '@/lib/auth/actor';
import { generateKeyMaterial } from '@/lib/crypto/key-generation';
import { getKeyring, materialContext } from '@/lib/crypto/seal';
import { isUniqueViolation } from '@/lib/db/transaction';
import { DomainError } from '@/lib/errors';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import { KEY_TYPES } from './key-types';
import { createKeyInput } from './schemas';
import { toKeySummary } from './views';

const nameTaken = (name: string) =>
  new DomainError('conflict', `A key named "${name}" already exists.`, { name: ['This name is taken.'] });

export const createKeyOperation = defineOperation({
  id: 'key.create',
  label: 'Create a key',
  approvable: true,
  schema: createKeyInput,
  recorded: ['name', 'type'],
  target: (p) => `key:${p.name}`,
  async plan({ name, type }, tx) {
    if (await tx.key.findUnique({ where: { name }, select: { id: true } })) throw nameTaken(name);
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
