import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authorizeRead } from '@/lib/auth/authorize';
import { getDb } from '@/lib/db/client';
import { DomainError } from '@/lib/errors';
import { parseInput, type Untrusted } from '@/lib/validation';
import { spkiFingerprint } from './fingerprint';
import { isAsymmetric, type KeyType } from './key-types';
import { keyNotFound } from './lock-key';
import { publicKeyRef } from './schemas';

export interface PublicKeyFile {
  filename: string;
  pem: string;
  fingerprint: string;
}

/** One version's public key (SPKI PEM) for download. Symmetric keys have none: nothing but the material exists. */
export async function getPublicKey(input: Untrusted<{ name: string; version: string | number }>, ctx: UseCaseContext): Promise<PublicKeyFile> {
  await authorizeRead(ctx, 'key.read', `key:${String((input as { name?: unknown } | null)?.name ?? '')}`);
  const { name, version } = parseInput(publicKeyRef, input);
  const key = await (ctx.tx ?? getDb()).key.findUnique({
    where: { name },
    select: { name: true, type: true, versions: { where: { version }, select: { publicKeyPem: true } } },
  });
  if (!key) throw keyNotFound(name);
  if (!isAsymmetric(key.type as KeyType)) {
    throw new DomainError('not_found', `Key "${key.name}" is ${key.type}, a symmetric key: it has no public key to download.`);
  }
  const pem = key.versions[0]?.publicKeyPem;
  if (!pem) throw new DomainError('not_found', `Key "${key.name}" has no version ${version}.`);
  return { filename: `${key.name}-v${version}.pem`, pem, fingerprint: spkiFingerprint(pem) };
}
