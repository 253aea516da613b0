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

  it('keeps the event loop free while an RSA-4096 key is generated', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await generateKeyMaterial('rsa-4096');
    clearInterval(timer);
    // A blocking generation (~0.5-2 s here) would let at most one tick through.
    expect(ticks).toBeGreaterThan(5);
  });

  // Eight RSA-3072 generations, two at a time, beside other test files on two cores: time enough.
  it('leaves thread-pool threads for other work while many keys are generated', { timeout: 60_000 }, async () => {
    let finished = 0;
    const generations = Array.from({ length: 8 }, () => generateKeyMaterial('rsa-3072').then(() => finished++));
    // File reads share libuv's pool with generation: one must not wait for a generation to end.
    await readFile(new URL(import.meta.url));
    expect(finished).toBe(0);
    await Promise.all(generations);
    expect(finished).toBe(8);
  });
});
