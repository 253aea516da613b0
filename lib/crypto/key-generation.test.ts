import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { KEY_TYPES, KEY_TYPE_NAMES } from '@/lib/keys/key-types';
import { generateKeyMaterial } from './key-generation';

describe('key generation', () => {
  it.each(KEY_TYPE_NAMES.filter((t) => t !== 'rsa-4096'))('generates %s material of the right kind', async (type) => {
    const { material, publicKeyPem } = await generateKeyMaterial(type);
    const spec = KEY_TYPES[type];
    if (spec.algorithm === 'aes') {
      expect(material).toHaveLength(32);
      expect(publicKeyPem).toBeNull();
      return;
    }
    const privateKey = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' });
    const details = privateKey.asymmetricKeyDetails!;
    if (spec.algorithm === 'rsa') expect(details.modulusLength).toBe(spec.bits);
    else expect(details.namedCurve).toBe({ 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' }[spec.curve]);
    expect(createPublicKey(privateKey).export({ format: 'pem', type: 'spki' })).toBe(publicKeyPem);
  });

  it('never returns the same material twice', async () => {
    const a = await generateKeyMaterial('aes256-gcm96');
    const b = await generateKeyMaterial('aes256-gcm96');
    expect(a.material.equals(b.material)).toBe(false);
  });

  // RSA-4096 takes from a fraction of a second to seconds (more on a loaded machine): inherently slow.
  it('keeps the event loop free while an RSA-4096 key is generated', { timeout: 120_000 }, async () => {
    // Count event-loop turns until the key is there. A generation that blocked the loop (or ran
    // synchronously inside the promise) would let none through; counting turns, not time, holds
    // however slow the machine is.
    let generated = false;
    const generation = generateKeyMaterial('rsa-4096').then((key) => {
      generated = true;
      return key;
    });
    let turns = 0;
    while (!generated) {
      await new Promise((resolve) => setImmediate(resolve));
      turns++;
    }
    expect(turns).toBeGreaterThan(1);
    expect(createPrivateKey({ key: (await generation).material, format: 'der', type: 'pkcs8' }).asymmetricKeyDetails!.modulusLength).toBe(4096);
  });

  // Eight RSA-3072 generations, two at a time, beside other test files on two cores: inherently slow.
  it('leaves thread-pool threads for other work while many keys are generated', { timeout: 120_000 }, async () => {
    let finished = 0;
    const generations = Array.from({ length: 8 }, () => generateKeyMaterial('rsa-3072').then(() => finished++));
    // File reads share libuv's pool (4 threads) with generation. Were all eight queued at once,
    // the read would queue behind them and could start only after five had finished; two at a
    // time, it finds a free thread at once. Counting generations, not time, holds under load.
    await readFile(new URL(import.meta.url));
    expect(finished).toBeLessThan(5);
    await Promise.all(generations);
    expect(finished).toBe(8);
  });
});
