import 'server-only';
import { existsSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { recordEvent } from '@/lib/audit/record-event';
import { formatLocalRootKeyFile, parseLocalRootKeyFile, setKeyring, type RootKey } from '@/lib/crypto/seal';
import { getDb } from '@/lib/db/client';
import { SealOpenError } from './awskms';
import { awsKmsSealFile, describeSeal, parseSealConfig, parseSealType, type SealConfig } from './config';
import { previousName, readSealFile, serializeSealFile, writeFileAtomically, type SealFile } from './file';
import { installationId, openSeal, unwrapAll, wrapNewEntry } from './open';
import { SEAL_CONTEXT } from './rotation';

type Env = Record<string, string | undefined>;

export interface MigrationResult {
  from: SealConfig;
  to: SealConfig;
  /** Where the new wrapping is. */
  file: string;
  /** The previous wrapping, kept until the operator deletes it (null: it was the environment). */
  previous: string | null;
  /** What the operator does to finish. */
  finish: string[];
}

function localFileOf(env: Env) {
  return path.resolve(env.KEYWARDEN_ROOT_KEY_FILE?.trim() || path.join(env.KEYWARDEN_DATA_DIR?.trim() || 'data', 'root.key'));
}

/**
 * Seal migration: rewraps the root keys (not the data) under another seal, local ⇄ awskms or one
 * KMS key → another. The new wrapping is written beside the old, proven (decrypted and compared
 * with the keys in memory), and only then takes the old one's place; the old file is renamed, not
 * deleted, until the operator has restarted on the new seal.
 */
export async function migrateSeal(env: Env, target: { to: string; keyId?: string }): Promise<MigrationResult> {
  const result = await rewrap(env, target);
  await getDb().$transaction((tx) =>
    recordEvent(tx, SEAL_CONTEXT, {
      action: 'seal.migrate',
      target: `seal:${result.to.type}`,
      outcome: 'succeeded',
      params: { from: result.from.type, to: result.to.type, ...(result.to.type === 'awskms' && { kmsKey: result.to.keyId }) },
    }),
  );
  return result;
}

async function rewrap(env: Env, target: { to: string; keyId?: string }): Promise<MigrationResult> {
  const toType = parseSealType(target.to);
  const from = await openSeal(env, { create: false });
  setKeyring(from.keyring); // the same root keys either way; the audit event needs them
  const keys = from.rootKeys;

  if (toType === 'awskms') {
    const to = parseSealConfig(env, { type: 'awskms', keyId: target.keyId });
    if (to.type !== 'awskms') throw new Error('unreachable');
    const installation = await installationId();
    const entries = [];
    for (const [i, key] of keys.entries()) entries.push(await wrapNewEntry(to, installation, key, i === 0 ? 'active' : 'retired'));
    const next: SealFile = { format: 'keywarden-seal/1', type: 'awskms', installationId: installation, rootKeys: entries };
    const pending = `${to.file}.pending`;
    writeFileAtomically(pending, serializeSealFile(next));
    try {
      const proven = await unwrapAll(to, readSealFile(pending));
      prove(keys, proven);
    } catch (err) {
      unlinkSync(pending);
      throw err;
    }
    let previous: string | null = null;
    if (from.config.type === 'awskms') {
      previous = previousName(from.config.file);
      renameSync(from.config.file, previous);
    } else if (!env.KEYWARDEN_ROOT_KEY) {
      const local = localFileOf(env);
      previous = previousName(local);
      renameSync(local, previous);
    }
    // A stale seal file at the target (another attempt) is kept too, never overwritten.
    if (existsSync(to.file)) renameSync(to.file, previousName(to.file));
    renameSync(pending, to.file);
    const finish = [
      `Restart every Keywarden process with KEYWARDEN_SEAL_TYPE=awskms KEYWARDEN_AWSKMS_SEAL_KEY_ID=${to.keyId} AWS_REGION=${to.region}${to.endpoint ? ` AWS_KMS_ENDPOINT=${to.endpoint}` : ''}${env.KEYWARDEN_SEAL_FILE ? ` KEYWARDEN_SEAL_FILE=${to.file}` : ''}.`,
      ...(from.config.type === 'local' && env.KEYWARDEN_ROOT_KEY ? ['Remove KEYWARDEN_ROOT_KEY from the environment (it holds the root key in the clear).'] : []),
      previous
        ? `Once it runs, delete the previous wrapping ${previous}${from.config.type === 'local' ? ' (it holds the root key in the clear: shred it)' : ''}; until then it still opens the data.`
        : 'Nothing else to delete.',
    ];
    return { from: from.config, to, file: to.file, previous, finish };
  }

  if (from.config.type === 'local') throw new SealOpenError('The seal is local already: nothing to migrate.');
  const to: SealConfig = { type: 'local' };
  const local = localFileOf(env);
  const pending = `${local}.pending`;
  writeFileAtomically(pending, formatLocalRootKeyFile(keys));
  try {
    prove(keys, parseLocalRootKeyFile(readFileSync(pending, 'utf8')));
  } catch (err) {
    unlinkSync(pending);
    throw err;
  }
  let previousLocal: string | null = null;
  if (existsSync(local)) {
    previousLocal = previousName(local);
    renameSync(local, previousLocal);
  }
  const previous = previousName(from.config.file);
  renameSync(from.config.file, previous);
  renameSync(pending, local);
  return {
    from: from.config,
    to,
    file: local,
    previous,
    finish: [
      `Restart every Keywarden process with KEYWARDEN_SEAL_TYPE=local (or unset) and KEYWARDEN_ROOT_KEY_FILE=${local} (npm start uses ${path.join('<data dir>', 'root.key')}).`,
      `Once it runs, delete the previous wrapping ${previous}${previousLocal ? ` and ${previousLocal}` : ''}.`,
    ],
  };
}

function prove(expected: readonly RootKey[], actual: readonly RootKey[]) {
  const same = expected.length === actual.length && expected.every((k, i) => k.id === actual[i]!.id && k.key.equals(actual[i]!.key));
  if (!same) throw new SealOpenError('The new wrapping did not decrypt to the same root keys; the previous one is kept and nothing changed.');
}

export { awsKmsSealFile, describeSeal };
