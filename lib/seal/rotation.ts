import 'server-only';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CHAIN_KEY_CONTEXT } from '@/lib/audit/chain-key';
import { recordEvent } from '@/lib/audit/record-event';
import { SYSTEM_ACTOR } from '@/lib/auth/actor';
import { formatLocalRootKeyFile, getKeyring, Keyring, materialContext, parseLocalRootKeyFile, rootKeyFromBytes, setKeyring } from '@/lib/crypto/seal';
import { getDb } from '@/lib/db/client';
import { enqueue } from '@/lib/jobs/enqueue';
import { openCredentials, sealCredentials } from '@/lib/providers/credentials';
import { SealOpenError } from './awskms';
import { parseSealType } from './config';
import { readSealFile, serializeSealFile, writeFileAtomically, type SealFile } from './file';
import { initKeyring, openSeal, unwrapAll, wrapNewEntry } from './open';

export const REWRAP_TASK = 'seal.rewrap';
/** Seal commands run on the server's console: audited as the system. */
export const SEAL_CONTEXT = { actor: { ...SYSTEM_ACTOR, username: 'seal' } };
type Env = Record<string, string | undefined>;

/**
 * Root key rotation. `rotateRootKey` makes a new root key active in the seal (the old ones stay
 * in it, retired, and keep opening what they sealed), records a rotation and enqueues the rewrap
 * job in one transaction. The job rewraps every sealed blob under the new key in batches, each
 * row in its own statement, conditional on the blob being unchanged, so a crash loses nothing
 * and resuming skips the rows already on the new key.
 */
export async function rotateRootKey(env: Env = process.env): Promise<{ rotationId: number; rootKeyId: string; previous: string[] }> {
  if (parseSealType(env.KEYWARDEN_SEAL_TYPE) === 'local' && (env.KEYWARDEN_ROOT_KEY || !env.KEYWARDEN_ROOT_KEY_FILE)) {
    throw new SealOpenError('Rotation needs a seal that can hold several root keys: a root key file (KEYWARDEN_ROOT_KEY_FILE) or the awskms seal, not KEYWARDEN_ROOT_KEY.');
  }
  const opened = await openSeal(env, { create: false });
  const fresh = rootKeyFromBytes(randomBytes(32));
  const previous = opened.rootKeys.map((k) => k.id);
  if (opened.config.type === 'awskms') {
    const config = opened.config;
    const current = readSealFile(config.file);
    const entry = await wrapNewEntry(config, current.installationId, fresh);
    const next: SealFile = { ...current, rootKeys: [entry, ...current.rootKeys.map((k) => ({ ...k, state: 'retired' as const }))] };
    // Proven before it replaces the file: every entry decrypts to the key it names.
    const proven = await unwrapAll(config, next);
    if (!proven[0]!.key.equals(fresh.key)) throw new SealOpenError('The new root key did not decrypt back to itself; nothing was changed.');
    writeFileAtomically(config.file, serializeSealFile(next));
  } else {
    const file = env.KEYWARDEN_ROOT_KEY_FILE!;
    const keys = parseLocalRootKeyFile(readFileSync(file, 'utf8'));
    const text = formatLocalRootKeyFile([fresh, ...keys]);
    if (parseLocalRootKeyFile(text)[0]!.id !== fresh.id) throw new SealOpenError('The new root key file did not read back; nothing was changed.');
    writeFileAtomically(file, text);
  }
  setKeyring(new Keyring([fresh, ...opened.rootKeys]));
  const rotationId = await getDb().$transaction(async (tx) => {
    await tx.rootKeyRotation.updateMany({ where: { state: 'running' }, data: { state: 'superseded', updatedAt: new Date() } });
    const rotation = await tx.rootKeyRotation.create({ data: { targetRootKeyId: fresh.id } });
    await enqueue(tx, { task: REWRAP_TASK, payload: { rotationId: rotation.id }, jobKey: 'seal-rewrap', maxAttempts: 25 });
    await recordEvent(tx, SEAL_CONTEXT, {
      action: 'seal.rotate_root_key',
      target: `root-key:${fresh.id}`,
      outcome: 'succeeded',
      params: { rotation: rotation.id, seal: opened.config.type, retired: previous },
    });
    return rotation.id;
  });
  return { rotationId, rootKeyId: fresh.id, previous };
}

/** The root key id in a bytea blob's header ("KWS1" | len | id), in SQL. */
const HEADER_ID = (column: string) => `convert_from(substring(${column} from 6 for get_byte(${column}, 4)), 'UTF8')`;

interface Table {
  name: string;
  count(target: string): Promise<number>;
  rewrapBatch(target: string, keyring: Keyring, limit: number): Promise<number>;
}

async function conditionalUpdate(sql: string, ...params: unknown[]) {
  return getDb().$executeRawUnsafe(sql, ...params);
}

const tables: Table[] = [
  {
    name: 'key_versions',
    count: async (target) => countWhere('key_versions', 'sealed_material', target),
    async rewrapBatch(target, keyring, limit) {
      const rows = await getDb().$queryRawUnsafe<{ key_id: string; version: number; sealed_material: Uint8Array }[]>(
        `SELECT key_id::text, version, sealed_material FROM key_versions WHERE ${HEADER_ID('sealed_material')} <> $1 ORDER BY key_id, version LIMIT ${limit}`,
        target,
      );
      for (const row of rows) {
        const context = materialContext(row.key_id, row.version);
        const material = keyring.open(row.sealed_material, context);
        const resealed = keyring.seal(material, context);
        material.fill(0);
        await conditionalUpdate(
          `UPDATE key_versions SET sealed_material = $1 WHERE key_id = $2::uuid AND version = $3 AND sealed_material = $4`,
          resealed,
          row.key_id,
          row.version,
          row.sealed_material,
        );
      }
      return rows.length;
    },
  },
  {
    name: 'providers',
    count: async (target) => countWhere('providers', 'sealed_credentials', target),
    async rewrapBatch(target, _keyring, limit) {
      const rows = await getDb().$queryRawUnsafe<{ id: string; sealed_credentials: Uint8Array }[]>(
        `SELECT id::text, sealed_credentials FROM providers WHERE sealed_credentials IS NOT NULL AND ${HEADER_ID('sealed_credentials')} <> $1 ORDER BY id LIMIT ${limit}`,
        target,
      );
      for (const row of rows) {
        // The providers' own seal functions (getKeyring(): the keyring installed by the job).
        const resealed = sealCredentials(row.id, openCredentials(row.id, row.sealed_credentials));
        await conditionalUpdate(`UPDATE providers SET sealed_credentials = $1 WHERE id = $2::uuid AND sealed_credentials = $3`, resealed, row.id, row.sealed_credentials);
      }
      return rows.length;
    },
  },
  {
    name: 'audit_chain_head',
    count: async (target) => countWhere('audit_chain_head', 'sealed_key', target),
    async rewrapBatch(target, keyring, limit) {
      const rows = await getDb().$queryRawUnsafe<{ id: number; sealed_key: Uint8Array }[]>(
        `SELECT id, sealed_key FROM audit_chain_head WHERE sealed_key IS NOT NULL AND ${HEADER_ID('sealed_key')} <> $1 LIMIT ${limit}`,
        target,
      );
      for (const row of rows) {
        const key = keyring.open(row.sealed_key, CHAIN_KEY_CONTEXT);
        const resealed = keyring.seal(key, CHAIN_KEY_CONTEXT);
        key.fill(0);
        await conditionalUpdate(`UPDATE audit_chain_head SET sealed_key = $1 WHERE id = $2 AND sealed_key = $3`, resealed, row.id, row.sealed_key);
      }
      return rows.length;
    },
  },
];

async function countWhere(table: string, column: string, target: string) {
  const [row] = await getDb().$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM ${table} WHERE ${column} IS NOT NULL AND ${HEADER_ID(column)} <> $1`,
    target,
  );
  return row?.n ?? 0;
}

/** Blobs per table not yet on the target root key. */
export async function remainingBlobs(target: string) {
  const out: Record<string, number> = {};
  for (const t of tables) out[t.name] = await t.count(target);
  return out;
}

/** Blobs per table and per root key id (status). */
export async function blobsByRootKey() {
  const [row] = await getDb().$queryRawUnsafe<{ counts: Record<string, Record<string, number>> | null }[]>(`
    SELECT jsonb_object_agg(t, c) AS counts FROM (
      SELECT t, jsonb_object_agg(root, n) AS c FROM (
        SELECT 'key_versions' AS t, ${HEADER_ID('sealed_material')} AS root, count(*)::int AS n FROM key_versions GROUP BY 2
        UNION ALL SELECT 'providers', ${HEADER_ID('sealed_credentials')}, count(*)::int FROM providers WHERE sealed_credentials IS NOT NULL GROUP BY 2
        UNION ALL SELECT 'audit_chain_head', ${HEADER_ID('sealed_key')}, count(*)::int FROM audit_chain_head WHERE sealed_key IS NOT NULL GROUP BY 2
      ) per GROUP BY t) tables`);
  return row?.counts ?? {};
}

export interface RewrapOptions {
  batchSize?: number;
  /** Called after every batch with the rows rewrapped so far (tests stop the job here). */
  afterBatch?: (rewrapped: number) => void | Promise<void>;
  env?: Env;
}

/** The rewrap job's body: idempotent; a retry or a second worker resumes where it stopped. */
export async function runRewrap(rotationId: number, options: RewrapOptions = {}): Promise<'done' | 'superseded' | 'gone'> {
  const rotation = await getDb().rootKeyRotation.findUnique({ where: { id: rotationId } });
  if (!rotation) return 'gone';
  if (rotation.state !== 'running') return rotation.state === 'done' ? 'done' : 'superseded';
  const target = rotation.targetRootKeyId;
  // This process may have opened the seal before the rotation: re-open it for the new key.
  let keyring = safeKeyring();
  if (!keyring || keyring.activeKeyId !== target) keyring = (await initKeyring(options.env ?? process.env, { prove: false })).keyring;
  if (keyring.activeKeyId !== target) {
    if (keyring.has(target)) {
      await getDb().rootKeyRotation.update({ where: { id: rotationId }, data: { state: 'superseded', updatedAt: new Date() } });
      return 'superseded';
    }
    throw new Error(`The seal's active root key is ${keyring.activeKeyId}, not the rotation's ${target}: the seal file this worker reads is not the one rotated.`);
  }
  const batchSize = options.batchSize ?? 100;
  let rewrapped = rotation.rewrapped;
  try {
    for (const table of tables) {
      for (;;) {
        // A newer rotation supersedes this one: stop, never rewrap its blobs back to this target.
        const current = await getDb().rootKeyRotation.findUnique({ where: { id: rotationId }, select: { state: true } });
        if (current?.state !== 'running') return 'superseded';
        const n = await table.rewrapBatch(target, keyring, batchSize);
        if (n === 0) break;
        rewrapped += n;
        const left = Object.values(await remainingBlobs(target)).reduce((a, b) => a + b, 0);
        await getDb().rootKeyRotation.update({ where: { id: rotationId }, data: { rewrapped, remaining: left, lastError: null, updatedAt: new Date() } });
        await options.afterBatch?.(rewrapped);
      }
    }
  } catch (err) {
    await getDb()
      .rootKeyRotation.update({ where: { id: rotationId }, data: { lastError: (err as Error).message?.split('\n')[0] ?? 'error', updatedAt: new Date() } })
      .catch(() => {});
    throw err;
  }
  const left = Object.values(await remainingBlobs(target)).reduce((a, b) => a + b, 0);
  if (left > 0) throw new Error(`${left} blob(s) were sealed under an old root key meanwhile; rewrapping them on the next attempt.`);
  await getDb().$transaction(async (tx) => {
    const { count } = await tx.rootKeyRotation.updateMany({
      where: { id: rotationId, state: 'running' },
      data: { state: 'done', remaining: 0, finishedAt: new Date(), updatedAt: new Date() },
    });
    if (count === 1) {
      await recordEvent(tx, SEAL_CONTEXT, { action: 'seal.rewrap_done', target: `root-key:${target}`, outcome: 'succeeded', params: { rotation: rotationId, rewrapped } });
    }
  });
  return 'done';
}

function safeKeyring(): Keyring | undefined {
  try {
    return getKeyring();
  } catch {
    return undefined;
  }
}

export async function latestRotation() {
  return getDb().rootKeyRotation.findFirst({ orderBy: { id: 'desc' } });
}
