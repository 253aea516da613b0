// `npm run seal -- <command>`: the seal that wraps Keywarden's root key (README, "The seal").
//   check                                   open the seal (first start: create it); exit 1 with one line if it cannot
//   status                                  the seal, its root keys, blobs per root key, the last rotation
//   migrate --to awskms|local [--key-id K]  rewrap the root keys under another seal or KMS key
//   rotate-root-key                         a new root key; the worker rewraps every blob in the background
// Run as: node --conditions=react-server --import tsx scripts/seal.ts <command>
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getDb } from '../lib/db/client';
import { describeSealKey, sealKmsClient } from '../lib/seal/awskms';
import { describeSeal } from '../lib/seal/config';
import { migrateSeal } from '../lib/seal/migrate';
import { asSealOpenError, initKeyring, openSeal } from '../lib/seal/open';
import { blobsByRootKey, latestRotation, remainingBlobs, rotateRootKey } from '../lib/seal/rotation';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The same defaults as `npm start`: the data folder's root key file, seal file and (while it runs)
// the embedded database's URL from data/runtime.json.
const dataDir = path.resolve(process.env.KEYWARDEN_DATA_DIR || 'data');
process.env.KEYWARDEN_DATA_DIR = dataDir;
if ((process.env.KEYWARDEN_SEAL_TYPE?.trim() || 'local') === 'local' && !process.env.KEYWARDEN_ROOT_KEY && !process.env.KEYWARDEN_ROOT_KEY_FILE) {
  process.env.KEYWARDEN_ROOT_KEY_FILE = path.join(dataDir, 'root.key');
}
if (!process.env.DATABASE_URL && existsSync(path.join(dataDir, 'runtime.json'))) {
  process.env.DATABASE_URL = (JSON.parse(readFileSync(path.join(dataDir, 'runtime.json'), 'utf8')) as { databaseUrl?: string }).databaseUrl;
}
const say = (line: string) => console.log(`[keywarden] ${line}`);
const [command, ...rest] = process.argv.slice(2);

function option(name: string): string | undefined {
  const at = rest.indexOf(`--${name}`);
  if (at >= 0) return rest[at + 1];
  return rest.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<number> {
  switch (command) {
    case 'check': {
      const opened = await initKeyring();
      say(`${opened.created ? 'Created and opened' : 'Opened'} ${describeSeal(opened.config)}: root key ${opened.keyring.activeKeyId}${opened.rootKeys.length > 1 ? ` (+${opened.rootKeys.length - 1} retired)` : ''}.`);
      return 0;
    }
    case 'status': {
      const opened = await openSeal(process.env, { create: false });
      say(`Seal: ${describeSeal(opened.config)}${opened.config.type === 'awskms' ? `, file ${opened.config.file}` : ''}.`);
      if (opened.config.type === 'awskms') {
        const client = sealKmsClient(opened.config);
        const key = await describeSealKey(client, opened.config).finally(() => client.destroy());
        say(`  KMS key ${key.arn}: ${key.state}.`);
      }
      for (const k of opened.rootKeys) say(`  root key ${k.id} ${k.state}${k.kmsKeyArn ? ` wrapped by ${k.kmsKeyArn}` : ''}`);
      const blobs = await blobsByRootKey();
      for (const [table, byKey] of Object.entries(blobs)) say(`  ${table}: ${Object.entries(byKey).map(([id, n]) => `${n} under ${id}`).join(', ')}`);
      const rotation = await latestRotation();
      if (rotation) {
        const left = rotation.state === 'running' ? Object.values(await remainingBlobs(rotation.targetRootKeyId)).reduce((a, b) => a + b, 0) : 0;
        say(
          `Root key rotation #${rotation.id} to ${rotation.targetRootKeyId}: ${rotation.state}, ${rotation.rewrapped} rewrapped, ${left} left` +
            `${rotation.lastError ? `, last error: ${rotation.lastError}` : ''} (started ${rotation.startedAt.toISOString()}${rotation.finishedAt ? `, finished ${rotation.finishedAt.toISOString()}` : ''}).`,
        );
      } else say('No root key rotation yet.');
      return 0;
    }
    case 'migrate': {
      const to = option('to');
      if (!to) throw new Error('Usage: npm run seal -- migrate --to awskms|local [--key-id <KMS key id, ARN or alias>]');
      const result = await migrateSeal(process.env, { to, keyId: option('key-id') });
      say(`Rewrapped the root keys from ${describeSeal(result.from)} to ${describeSeal(result.to)} in ${result.file} (proven: decrypted and compared).`);
      if (result.previous) say(`The previous wrapping is kept as ${result.previous}.`);
      for (const line of result.finish) say(`To finish: ${line}`);
      return 0;
    }
    case 'rotate-root-key': {
      const { rotationId, rootKeyId, previous } = await rotateRootKey();
      say(`Root key ${rootKeyId} is active; ${previous.join(', ')} retired (kept in the seal: they open what they sealed).`);
      say(`Rotation #${rotationId}: the job worker rewraps every sealed blob in the background; follow it with \`npm run seal -- status\`.`);
      say('Running processes pick the new root key up from the seal file within 10 seconds.');
      return 0;
    }
    default:
      throw new Error('Usage: npm run seal -- check | status | migrate --to awskms|local [--key-id K] | rotate-root-key');
  }
}

let code: number;
try {
  code = await main();
} catch (err) {
  console.error(`[keywarden] The seal: ${asSealOpenError(err).message}`);
  code = 1;
}
await getDb().$disconnect().catch(() => {});
process.exit(code);
