import { constants, createCipheriv, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes, verify, type KeyObject } from 'node:crypto';
import type { KeyVaultKey } from '@azure/keyvault-keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AzureKeyVaultEmulator } from '../server';
import { cryptoClient, keyClient, publicKeyOfJwk, raw, restError, rsaKey, sha, startEmulator, tokenFor, uniqueName } from './helpers';

/** A BYOK blob exactly as Azure's BYOK specification describes it, written with node:crypto only. */
function byokBlob(kek: KeyVaultKey, target: KeyObject, options: { kid?: string; corrupt?: boolean } = {}): Buffer {
  const kekPublic = publicKeyOfJwk(kek.key!);
  const aes = randomBytes(32);
  const wrappedAes = publicEncrypt({ key: kekPublic, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, aes);
  const kwp = createCipheriv('id-aes256-wrap-pad', aes, Buffer.from('A65959A6', 'hex'));
  const wrappedKey = Buffer.concat([kwp.update(target.export({ format: 'der', type: 'pkcs8' })), kwp.final()]);
  const ciphertext = Buffer.concat([wrappedAes, wrappedKey]);
  if (options.corrupt) ciphertext.writeUInt8(ciphertext.readUInt8(ciphertext.length - 3) ^ 0xff, ciphertext.length - 3);
  return Buffer.from(
    JSON.stringify({
      schema_version: '1.0.0',
      header: { kid: options.kid ?? kek.id, alg: 'dir', enc: 'CKM_RSA_AES_KEY_WRAP' },
      ciphertext: ciphertext.toString('base64url'),
      generator: 'Keywarden tests',
    }),
  );
}

describe('BYOK (key_hsm) import', () => {
  let emulator: AzureKeyVaultEmulator;
  let kek: KeyVaultKey;
  beforeAll(async () => {
    emulator = await startEmulator();
    kek = await keyClient(emulator).createRsaKey(uniqueName('kek'), { hsm: true, keyOps: ['import'] });
  });
  afterAll(() => emulator.close());

  it('unwraps an RSA-HSM key: its public part matches, it signs verifiably and decrypts what was encrypted locally', async () => {
    const target = rsaKey(2048);
    const imported = await keyClient(emulator).importKey(
      uniqueName('byok-rsa'),
      { kty: 'RSA-HSM', keyOps: ['sign', 'verify', 'decrypt', 'encrypt'], t: byokBlob(kek, target) },
      { hardwareProtected: true },
    );
    expect(imported.keyType).toBe('RSA-HSM');
    expect(Buffer.from(imported.key!.n!).toString('base64url')).toBe(target.export({ format: 'jwk' }).n);
    const crypto = cryptoClient(emulator, imported.id!);
    const { result } = await crypto.sign('RS256', sha(256, 'byok'));
    expect(verify('sha256', Buffer.from('byok'), createPublicKey(target), result)).toBe(true);
    const secret = randomBytes(32);
    const ciphertext = publicEncrypt({ key: createPublicKey(target), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, secret);
    expect(Buffer.from((await crypto.decrypt({ algorithm: 'RSA-OAEP-256', ciphertext })).result)).toEqual(secret);
  });

  it('unwraps an EC-HSM key given as standard base64, as the docs and the .NET sample send it', async () => {
    const target = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    const name = uniqueName('byok-ec');
    const response = await raw(emulator, 'PUT', `/keys/${name}?api-version=7.5`, {
      token: await tokenFor(emulator),
      body: { key: { kty: 'EC-HSM', crv: 'P-384', key_ops: ['sign', 'verify'], key_hsm: byokBlob(kek, target).toString('base64') }, attributes: { enabled: true } },
    });
    expect(response.status).toBe(200);
    const imported = await keyClient(emulator).getKey(name);
    expect(imported.keyType).toBe('EC-HSM');
    expect(Buffer.from(imported.key!.x!).toString('base64url')).toBe(target.export({ format: 'jwk' }).x);
    const { result } = await cryptoClient(emulator, imported.id!).sign('ES384', sha(384, 'ec byok'));
    expect(verify('sha384', Buffer.from('ec byok'), { key: createPublicKey(target), dsaEncoding: 'ieee-p1363' }, result)).toBe(true);
  });

  it('refuses with BadParameter: a KEK with other key_ops, an unknown KEK, a corrupted blob, a type mismatch, a software kty', async () => {
    const client = keyClient(emulator);
    const notKek = await client.createRsaKey(uniqueName('not-kek'), { hsm: true });
    const target = rsaKey(2048);
    const attempts: [string, Parameters<typeof client.importKey>[1]][] = [
      ['other key_ops', { kty: 'RSA-HSM', t: byokBlob(notKek, target) }],
      ['unknown kid', { kty: 'RSA-HSM', t: byokBlob(kek, target, { kid: `${emulator.vaultUrl()}/keys/missing-kek/0123456789abcdef0123456789abcdef` }) }],
      ['corrupted', { kty: 'RSA-HSM', t: byokBlob(kek, target, { corrupt: true }) }],
      ['type mismatch', { kty: 'EC-HSM', crv: 'P-256', t: byokBlob(kek, target) }],
      ['software kty', { kty: 'RSA', t: byokBlob(kek, target) }],
      ['not a blob', { kty: 'RSA-HSM', t: Buffer.from('garbage') }],
    ];
    for (const [label, key] of attempts) {
      const error = await restError(client.importKey(uniqueName('refused'), key, { hardwareProtected: true }));
      expect(error, label).toMatchObject({ statusCode: 400, code: 'BadParameter' });
    }
  });

  it('keeps a KEK to its one operation: it cannot sign', async () => {
    const path = new URL(kek.id!).pathname;
    const response = await raw(emulator, 'POST', `${path}/sign?api-version=7.5`, {
      token: await tokenFor(emulator),
      body: { alg: 'RS256', value: sha(256, 'x').toString('base64url') },
    });
    expect(response.status).toBe(403);
    const mixed = await restError(keyClient(emulator).createRsaKey(uniqueName('mixed-kek'), { hsm: true, keyOps: ['import', 'sign'] }));
    expect(mixed).toMatchObject({ statusCode: 400, code: 'BadParameter' });
  });
});
