import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * The AWS KMS seal's file (data/root-key.awskms.json, mode 0600): the root keys, each only as an
 * AWS KMS ciphertext, with the KMS key that sealed it (the key ARN Encrypt answered) and the root
 * key's id (the id every sealed blob names). The first `active` key seals; `retired` keys only
 * open blobs sealed before a root key rotation and are kept (a database backup from before the
 * rotation still opens). No plaintext key is ever written here.
 */
export const SEAL_FILE_FORMAT = 'keywarden-seal/1';

export interface WrappedRootKey {
  id: string;
  state: 'active' | 'retired';
  /** The KMS key ARN that sealed it (Encrypt's KeyId). */
  kmsKeyArn: string;
  /** The KMS ciphertext blob, base64. */
  ciphertext: string;
  createdAt: string;
}

export interface SealFile {
  format: typeof SEAL_FILE_FORMAT;
  type: 'awskms';
  /** The installation the encryption context names (installation.installation_id). */
  installationId: string;
  rootKeys: WrappedRootKey[];
}

export class SealFileError extends Error {}

export function parseSealFile(text: string, where = 'the seal file'): SealFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new SealFileError(`${where} is not JSON.`);
  }
  const bad = (why: string) => new SealFileError(`${where} is not a Keywarden seal file: ${why}.`);
  if (!raw || typeof raw !== 'object') throw bad('not an object');
  const file = raw as Record<string, unknown>;
  if (file.format !== SEAL_FILE_FORMAT) throw bad(`format is not "${SEAL_FILE_FORMAT}"`);
  if (file.type !== 'awskms') throw bad('type is not "awskms"');
  if (typeof file.installationId !== 'string' || !file.installationId) throw bad('no installationId');
  if (!Array.isArray(file.rootKeys) || file.rootKeys.length === 0) throw bad('no rootKeys');
  const rootKeys = file.rootKeys.map((entry: unknown, i): WrappedRootKey => {
    const e = (entry ?? {}) as Record<string, unknown>;
    for (const field of ['id', 'kmsKeyArn', 'ciphertext', 'createdAt'] as const) {
      if (typeof e[field] !== 'string' || !e[field]) throw bad(`rootKeys[${i}].${field} is missing`);
    }
    if (e.state !== 'active' && e.state !== 'retired') throw bad(`rootKeys[${i}].state is not active or retired`);
    return { id: e.id as string, state: e.state, kmsKeyArn: e.kmsKeyArn as string, ciphertext: e.ciphertext as string, createdAt: e.createdAt as string };
  });
  if (rootKeys[0]!.state !== 'active' || rootKeys.slice(1).some((k) => k.state !== 'retired')) throw bad('the first root key must be the only active one');
  if (new Set(rootKeys.map((k) => k.id)).size !== rootKeys.length) throw bad('a root key id appears twice');
  return { format: SEAL_FILE_FORMAT, type: 'awskms', installationId: file.installationId, rootKeys };
}

export function serializeSealFile(file: SealFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function readSealFile(file: string): SealFile {
  return parseSealFile(readFileSync(file, 'utf8'), file);
}

function writeTemp(file: string, text: string): string {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

/** Writes a text file atomically (temp file, fsync, rename), owner-only. */
export function writeFileAtomically(file: string, text: string) {
  const temp = writeTemp(file, text);
  try {
    renameSync(temp, file);
  } catch (err) {
    unlinkSync(temp);
    throw err;
  }
}

/** Creates the file only if it does not exist (link fails on EEXIST): two first starts never both win. Returns false when it existed. */
export function createFileExclusively(file: string, text: string): boolean {
  const temp = writeTemp(file, text);
  try {
    linkSync(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(temp);
  }
}

/** The name a replaced wrapping is kept under until the operator deletes it. */
export function previousName(file: string, now = new Date()) {
  return `${file}.previous-${now.toISOString().replace(/[:.]/g, '-')}`;
}
