import 'server-only';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Envelope sealing of secrets at rest (DESIGN.md §3). Each blob gets its own data key; the data
 * key is wrapped under the root key, and the blob records which root key that was, so root keys
 * can be rotated while old blobs stay readable. The caller's context string (e.g. key id and
 * version) is authenticated too: a blob copied onto another row does not open there.
 *
 * Layout: "KWS1" | idLength u8 | rootKeyId | dekIv(12) | wrappedDek(32) | dekTag(16) | iv(12) | tag(16) | ciphertext
 */
const MAGIC = Buffer.from('KWS1');
const IV = 12;
const TAG = 16;
const DEK = 32;

export interface RootKey {
  id: string;
  key: Buffer;
}

export class SealError extends Error {}

export function rootKeyFromBytes(key: Buffer): RootKey {
  if (key.length !== 32) throw new SealError('The root key must be 32 bytes (base64 of 32 random bytes).');
  const id = `local:${createHash('sha256').update('keywarden root key id\0').update(key).digest('hex').slice(0, 16)}`;
  return { id, key };
}

function gcm(key: Buffer, iv: Buffer, plaintext: Buffer, aad: Buffer) {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, tag: cipher.getAuthTag() };
}

function ungcm(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer) {
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

export class Keyring {
  private readonly byId: Map<string, Buffer>;

  /** The first key seals; every key opens what it sealed. */
  constructor(private readonly keys: [RootKey, ...RootKey[]]) {
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get activeKeyId() {
    return this.keys[0].id;
  }

  /** The ids of the root keys it holds, the active one first. */
  get keyIds(): string[] {
    return this.keys.map((k) => k.id);
  }

  has(rootKeyId: string) {
    return this.byId.has(rootKeyId);
  }

  seal(plaintext: Buffer, context: string): Uint8Array<ArrayBuffer> {
    const { id, key } = this.keys[0];
    const header = Buffer.concat([MAGIC, Buffer.from([Buffer.byteLength(id)]), Buffer.from(id)]);
    const dek = randomBytes(DEK);
    const dekIv = randomBytes(IV);
    const wrapped = gcm(key, dekIv, dek, header);
    const iv = randomBytes(IV);
    const body = gcm(dek, iv, plaintext, Buffer.concat([header, Buffer.from(context)]));
    dek.fill(0);
    return new Uint8Array(Buffer.concat([header, dekIv, wrapped.ciphertext, wrapped.tag, iv, body.tag, body.ciphertext]));
  }

  open(sealed: Uint8Array, context: string): Buffer {
    const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    const idLength = blob[MAGIC.length];
    if (!blob.subarray(0, MAGIC.length).equals(MAGIC) || idLength === undefined) throw new SealError('Not a sealed blob.');
    const headerEnd = MAGIC.length + 1 + idLength;
    if (blob.length < headerEnd + IV + DEK + TAG + IV + TAG) throw new SealError('Not a sealed blob.');
    const header = blob.subarray(0, headerEnd);
    const rootKeyId = blob.subarray(MAGIC.length + 1, headerEnd).toString();
    const rootKey = this.byId.get(rootKeyId);
    if (!rootKey) throw new SealError(`The blob was sealed by root key ${rootKeyId}, which this keyring does not hold.`);
    let at = headerEnd;
    const take = (n: number) => blob.subarray(at, (at += n));
    const dekIv = take(IV);
    const wrappedDek = take(DEK);
    const dekTag = take(TAG);
    const iv = take(IV);
    const tag = take(TAG);
    const ciphertext = blob.subarray(at);
    try {
      const dek = ungcm(rootKey, dekIv, wrappedDek, dekTag, header);
      const plaintext = ungcm(dek, iv, ciphertext, tag, Buffer.concat([header, Buffer.from(context)]));
      dek.fill(0);
      return plaintext;
    } catch {
      throw new SealError('The sealed blob failed authentication (tampered, or opened with the wrong context).');
    }
  }
}

/** The seal's root key: KEYWARDEN_ROOT_KEY (base64), else the file KEYWARDEN_ROOT_KEY_FILE. */
export function loadLocalRootKey(env: Record<string, string | undefined> = process.env): RootKey {
  return loadLocalRootKeys(env)[0];
}

/**
 * Every root key of the local seal, the active one first. The file holds one base64 key per line:
 * the first seals, the others (retired by `npm run seal -- rotate-root-key`) still open old blobs.
 */
export function loadLocalRootKeys(env: Record<string, string | undefined> = process.env): [RootKey, ...RootKey[]] {
  if (env.KEYWARDEN_ROOT_KEY) return [rootKeyFromBytes(Buffer.from(env.KEYWARDEN_ROOT_KEY, 'base64'))];
  if (env.KEYWARDEN_ROOT_KEY_FILE) return parseLocalRootKeyFile(readFileSync(env.KEYWARDEN_ROOT_KEY_FILE, 'utf8'));
  throw new SealError('No root key: set KEYWARDEN_ROOT_KEY or KEYWARDEN_ROOT_KEY_FILE (npm start creates one).');
}

export function parseLocalRootKeyFile(text: string): [RootKey, ...RootKey[]] {
  const keys = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => rootKeyFromBytes(Buffer.from(line, 'base64')));
  if (keys.length === 0) throw new SealError('The root key file is empty.');
  return keys as [RootKey, ...RootKey[]];
}

export function formatLocalRootKeyFile(keys: readonly RootKey[]): string {
  return keys.map((k) => k.key.toString('base64')).join('\n') + '\n';
}

/**
 * The process's keyring. The local seal (the default) opens lazily on first use, as it always
 * has; any other seal must be opened at start-up by initKeyring() (lib/seal/open.ts), and using
 * the keyring before that is an error, never a fallback to the local seal.
 */
// On globalThis, not in a module variable: Next.js bundles instrumentation.ts (which opens the
// seal) apart from the routes and server actions (which use it), each with its own module copy.
const globalForSeal = globalThis as { keywardenKeyring?: Keyring };

export function getKeyring(): Keyring {
  const opened = globalForSeal.keywardenKeyring;
  if (opened) return opened;
  const type = process.env.KEYWARDEN_SEAL_TYPE?.trim() || 'local';
  if (type !== 'local') {
    throw new SealError(`The ${type} seal is not open: this process must run initKeyring() (lib/seal/open.ts) at start-up.`);
  }
  const local = new Keyring(loadLocalRootKeys());
  globalForSeal.keywardenKeyring = local;
  return local;
}

/** Installs the keyring a seal opened (initKeyring); undefined forgets it (tests, re-opening). */
export function setKeyring(next: Keyring | undefined) {
  globalForSeal.keywardenKeyring = next;
}

/** The context that binds a key version's sealed material to its row. */
export function materialContext(keyId: string, version: number) {
  return `key-material:${keyId}:${version}`;
}

/** The id of the root key that sealed a blob (its header), without opening it. */
export function sealedBy(sealed: Uint8Array): string {
  const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const idLength = blob[MAGIC.length];
  if (!blob.subarray(0, MAGIC.length).equals(MAGIC) || idLength === undefined) throw new SealError('Not a sealed blob.');
  return blob.subarray(MAGIC.length + 1, MAGIC.length + 1 + idLength).toString();
}
