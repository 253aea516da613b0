// Seeds the demo's providers pointing at the local emulators `npm start` runs (KEYWARDEN_SEED_AWS_KMS_URL),
// through the same use cases as the UI, audited as the system. An existing provider keeps its
// settings but follows the emulator to its current endpoint (its port may change between starts).
import { SYSTEM_ACTOR, type UseCaseContext } from '../lib/auth/actor';
import { getDb } from '../lib/db/client';
import { createProvider } from '../lib/providers/create-provider';
import { updateProvider } from '../lib/providers/update-provider';

const ctx: UseCaseContext = { actor: { ...SYSTEM_ACTOR, roles: ['admin'] } };
// The emulator checks no signature; static demo credentials keep the SDK from probing instance metadata.
const DEMO_AWS_CREDENTIALS = { accessKeyId: 'AKIAKEYWARDENLOCALDEMO', secretAccessKey: 'local-emulator-accepts-any-secret' };

async function seed(name: string, endpoint: string, create: () => Promise<unknown>) {
  const existing = await getDb().provider.findUnique({ where: { name } });
  if (!existing) {
    await create();
    console.log(`[keywarden] Created the provider "${name}" for the local emulator at ${endpoint}.`);
  } else if (existing.endpoint !== endpoint) {
    await updateProvider({ name, endpoint }, ctx);
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
} finally {
  await getDb().$disconnect();
}
