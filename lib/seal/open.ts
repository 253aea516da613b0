import 'server-only';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { CHAIN_KEY_CONTEXT } from '@/lib/audit/chain-key';
import { Keyring, loadLocalRootKeys, rootKeyFromBytes, SealError, sealedBy, setKeyring, type RootKey } from '@/lib/crypto/seal';
import { getDb } from '@/lib/db/client';
import { encryptionContext, sealKmsClient, SealOpenError, unwrapRootKey, wrapRootKey } from './awskms';
import { parseSealConfig, SealConfigError, type SealConfig } from './config';
import { createFileExclusively, readSealFile, SealFileError, serializeSealFile, type SealFile } from './file';

export { SealOpenError };
type Env = Record<string, string | undefined>;
type AwsKmsSealConfig = Extract<SealConfig, { type: 'awskms' }>;

export interface OpenedSeal {
  config: SealConfig;
  keyring: Keyring;
  /** The root keys, the active one first, with where each is wrapped. */
  rootKeys: (RootKey & { state: 'active' | 'retired'; kmsKeyArn?: string })[];
  /** The awskms seal's file as read (or created). */
  file?: SealFile;
  created: boolean;
}

/** This installation's id (the seal's encryption context): written by the migrations. */
export async function installationId(): Promise<string> {
  let row: { installationId: string } | null;
  try {
    row = await getDb().installation.findUnique({ where: { id: 1 }, select: { installationId: true } });
  } catch (err) {
    throw new SealOpenError(`The database cannot be read to open the seal (${(err as Error).message.split('\n')[0]}).`);
  }
  if (!row) throw new SealOpenError('The database has no installation row: apply the migrations first (npm run db:migrate).');
  return row.installationId;
}

/** Whether anything in the database is sealed already (then a missing seal file is an error, never a new root key). */
async function holdsSealedData(): Promise<boolean> {
  const [row] = await getDb().$queryRaw<{ any: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM key_versions) OR EXISTS (SELECT 1 FROM providers WHERE sealed_credentials IS NOT NULL)
        OR EXISTS (SELECT 1 FROM audit_chain_head WHERE sealed_key IS NOT NULL) AS any`;
  return Boolean(row?.any);
}

export async function unwrapAll(config: AwsKmsSealConfig, file: SealFile): Promise<OpenedSeal['rootKeys']> {
  const client = sealKmsClient(config);
  try {
    return await Promise.all(
      file.rootKeys.map(async (entry) => {
        const bytes = await unwrapRootKey(client, config, entry, encryptionContext(file.installationId, entry.id));
        const key = rootKeyFromBytes(bytes);
        if (key.id !== entry.id) throw new SealOpenError(`The seal file's root key ${entry.id} decrypted to another key (${key.id}): the file was altered.`);
        return { ...key, state: entry.state, kmsKeyArn: entry.kmsKeyArn };
      }),
    );
  } finally {
    client.destroy();
  }
}

/** A new root key, wrapped by the seal's KMS key, as a file entry. */
export async function wrapNewEntry(config: AwsKmsSealConfig, installation: string, key: RootKey, state: 'active' | 'retired' = 'active') {
  const client = sealKmsClient(config);
  try {
    const wrapped = await wrapRootKey(client, config, key.key, encryptionContext(installation, key.id));
    return { id: key.id, state, ...wrapped, createdAt: new Date().toISOString() };
  } finally {
    client.destroy();
  }
}

async function openAwsKms(config: AwsKmsSealConfig, create: boolean): Promise<OpenedSeal> {
  const installation = await installationId();
  let created = false;
  if (!existsSync(config.file)) {
    if (!create) throw new SealOpenError(`The AWS KMS seal file ${config.file} does not exist.`);
    if (await holdsSealedData()) {
      throw new SealOpenError(
        `The AWS KMS seal file ${config.file} is missing but the database holds sealed data: restore the file (or point KEYWARDEN_SEAL_FILE at it); a new root key would not open that data.`,
      );
    }
    const key = rootKeyFromBytes(randomBytes(32));
    const entry = await wrapNewEntry(config, installation, key);
    key.key.fill(0);
    const file: SealFile = { format: 'keywarden-seal/1', type: 'awskms', installationId: installation, rootKeys: [entry] };
    // Two processes starting at once: the first file wins, the other opens it.
    created = createFileExclusively(config.file, serializeSealFile(file));
  }
  const file = readSealFile(config.file);
  if (file.installationId !== installation) {
    throw new SealOpenError(`The seal file ${config.file} belongs to installation ${file.installationId}, but this database is installation ${installation}.`);
  }
  const rootKeys = await unwrapAll(config, file);
  return { config, keyring: new Keyring(rootKeys as unknown as [RootKey, ...RootKey[]]), rootKeys, file, created };
}

/**
 * Proves the keyring opens what the database holds (the audit chain key, sealed at first start):
 * a wrong root key file or seal file is refused at start-up, not at the first request.
 */
async function proveAgainstDatabase(keyring: Keyring) {
  const head = await getDb().auditChainHead.findUnique({ where: { id: 1 }, select: { sealedKey: true } });
  if (!head?.sealedKey) return;
  const by = sealedBy(head.sealedKey);
  if (!keyring.has(by)) {
    throw new SealOpenError(`This database was sealed by root key ${by}, which the seal does not hold (it holds ${keyring.keyIds.join(', ')}): wrong root key or seal file.`);
  }
  try {
    keyring.open(head.sealedKey, CHAIN_KEY_CONTEXT).fill(0);
  } catch {
    throw new SealOpenError(`The audit chain key does not open with root key ${by}: the root key or the database was altered.`);
  }
}

/** Opens the configured seal (local or AWS KMS); every failure is a SealOpenError with one line. */
export async function openSeal(env: Env = process.env, options: { create?: boolean; prove?: boolean } = {}): Promise<OpenedSeal> {
  try {
    const config = parseSealConfig(env);
    const opened: OpenedSeal =
      config.type === 'awskms'
        ? await openAwsKms(config, options.create ?? true)
        : (() => {
            const keys = loadLocalRootKeys(env);
            return { config, keyring: new Keyring(keys), rootKeys: keys.map((k, i) => ({ ...k, state: i === 0 ? ('active' as const) : ('retired' as const) })), created: false };
          })();
    if (options.prove ?? true) await proveAgainstDatabase(opened.keyring);
    return opened;
  } catch (err) {
    throw asSealOpenError(err);
  }
}

export function asSealOpenError(err: unknown): SealOpenError {
  if (err instanceof SealOpenError) return err;
  if (err instanceof SealConfigError || err instanceof SealFileError || err instanceof SealError) return new SealOpenError(err.message);
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT' || e?.code === 'EACCES') return new SealOpenError(`${e.code === 'ENOENT' ? 'Missing' : 'Unreadable'} file: ${e.path ?? e.message}.`);
  return new SealOpenError((e?.message ?? String(err)).split('\n')[0]!);
}

let watcher: NodeJS.Timeout | undefined;

/**
 * Opens the seal and installs its keyring for getKeyring(): every process runs it at start-up
 * (instrumentation.ts, scripts/worker.ts, scripts/seed*.ts, bench). With `watch`, the process
 * re-opens the seal when its file changes (a root key rotation made a new key active), so every
 * process soon seals under the new key.
 */
export async function initKeyring(env: Env = process.env, options: { watch?: boolean; prove?: boolean } = {}): Promise<OpenedSeal> {
  const opened = await openSeal(env, { prove: options.prove });
  setKeyring(opened.keyring);
  if (options.watch && !watcher) {
    const file = opened.config.type === 'awskms' ? opened.config.file : env.KEYWARDEN_ROOT_KEY ? undefined : env.KEYWARDEN_ROOT_KEY_FILE;
    if (file) {
      const mtime = () => (existsSync(file) ? statSync(file).mtimeMs : 0);
      let seen = mtime();
      let busy = false;
      watcher = setInterval(() => {
        const now = mtime();
        if (now === seen || busy || now === 0) return;
        busy = true;
        openSeal(env, { create: false, prove: false })
          .then((next) => {
            seen = now;
            setKeyring(next.keyring);
          })
          .catch((err: unknown) => console.error(`[keywarden] The seal file changed but could not be re-opened (keeping the keyring in memory): ${asSealOpenError(err).message}`))
          .finally(() => {
            busy = false;
          });
      }, 10_000);
      watcher.unref();
    }
  }
  return opened;
}
