// Seeds the demo's providers pointing at the local emulators `npm start` runs (KEYWARDEN_SEED_AWS_KMS_URL),
// through the same use cases as the UI, audited as the system. An existing provider keeps its
// settings but follows the emulator to its current endpoint (its port may change between starts).
import { readFileSync } from 'node:fs';
import { DEFAULT_CLIENT } from '../emulators/azure-keyvault';
import { SYSTEM_ACTOR, type UseCaseContext } from '../lib/auth/actor';
import { getDb } from '../lib/db/client';
import { createProvider } from '../lib/providers/create-provider';
import { updateProvider } from '../lib/providers/update-provider';
import { asSealOpenError, initKeyring } from '../lib/seal/open';

// Credentials are sealed: open the seal first (the launcher checked it already).
try {
  await initKeyring();
} catch (err) {
  console.error(`[keywarden] The seal cannot be opened: ${asSealOpenError(err).message}`);
  process.exit(1);
}

const ctx: UseCaseContext = { actor: { ...SYSTEM_ACTOR, roles: ['admin'] } };
// The emulator checks no signature; static demo credentials keep the SDK from probing instance metadata.
const DEMO_AWS_CREDENTIALS = { accessKeyId: 'AKIAKEYWARDENLOCALDEMO', secretAccessKey: 'local-emulator-accepts-any-secret' };

/** Only a seeded provider still pointing at a local emulator follows it; one an admin re-pointed is left alone. */
function pointsAtThisMachine(endpoint: string | null) {
  if (!endpoint) return false;
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

async function seed(name: string, endpoint: string, create: () => Promise<unknown>, update: object = { endpoint }) {
  const existing = await getDb().provider.findUnique({ where: { name } });
  if (!existing) {
    await create();
    console.log(`[keywarden] Created the provider "${name}" for the local emulator at ${endpoint}.`);
  } else if (existing.endpoint !== endpoint && pointsAtThisMachine(existing.endpoint)) {
    await updateProvider({ name, ...update }, ctx);
    console.log(`[keywarden] The provider "${name}" now points at ${endpoint}.`);
  }
}

try {
  const awsUrl = process.env.KEYWARDEN_SEED_AWS_KMS_URL;
  if (awsUrl) {
    await seed('aws-local', awsUrl, () =>
      createProvider({ name: 'aws-local', kind: 'awskms', keyCollection: 'us-east-1', endpoint: awsUrl, credentials: DEMO_AWS_CREDENTIALS }, ctx),
    );
  }
  const vaultUrl = process.env.KEYWARDEN_SEED_AZURE_VAULT_URL;
  if (vaultUrl) {
    // The vault URL is the provider's endpoint (key_collection stays the vault's name, immutable):
    // the emulator's port may change between starts, its vault does not.
    const caBundle = readFileSync(process.env.KEYWARDEN_SEED_AZURE_CA!, 'utf8');
    const credentials = {
      ...DEFAULT_CLIENT,
      cloud: process.env.KEYWARDEN_SEED_AZURE_AUTHORITY,
    };
    await seed(
      'azure-local',
      vaultUrl,
      () => createProvider({ name: 'azure-local', kind: 'azurekeyvault', keyCollection: 'local', endpoint: vaultUrl, caBundle, credentials }, ctx),
      { endpoint: vaultUrl, caBundle, credentials },
    );
  }
} finally {
  await getDb().$disconnect();
}
