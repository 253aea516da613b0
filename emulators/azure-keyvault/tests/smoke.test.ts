import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AzureKeyVaultEmulator } from '../server';
import { keyClient, startEmulator } from './helpers';

describe('smoke', () => {
  let emulator: AzureKeyVaultEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());
  it('creates and gets a key through the SDK', async () => {
    const client = keyClient(emulator);
    const created = await client.createRsaKey('smoke');
    expect(created.id).toMatch(/^https:\/\/localhost:\d+\/keys\/smoke\/[0-9a-f]{32}$/);
    const got = await client.getKey('smoke');
    expect(got.id).toBe(created.id);
    const poller = await client.beginDeleteKey('smoke', { intervalInMs: 10 });
    const deleted = await poller.pollUntilDone();
    expect(deleted.properties.recoveryId).toContain('/deletedkeys/smoke');
  });
});
