import { constants, createPublicKey, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes, verify, type KeyObject } from 'node:crypto';
import type { JsonWebKey as SdkJsonWebKey, KeyVaultKey } from '@azure/keyvault-keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AzureKeyVaultEmulator } from '../server';
import { cryptoClient, keyClient, publicKeyOfJwk, raw, restError, rsaKey, sha, startEmulator, tokenFor, uniqueName } from './helpers';

/** node:crypto's JWK (base64url strings) as the SDK's JsonWebKey (Uint8Arrays). */
function sdkJwk(key: KeyObject, extra: Partial<SdkJsonWebKey> = {}): SdkJsonWebKey {
  const jwk = key.export({ format: 'jwk' }) as Record<string, string>;
  const bytes = (name: string) => (jwk[name] === undefined ? undefined : new Uint8Array(Buffer.from(jwk[name], 'base64url')));
  if (jwk.kty === 'RSA') {
    return { kty: 'RSA', n: bytes('n'), e: bytes('e'), d: bytes('d'), p: bytes('p'), q: bytes('q'), dp: bytes('dp'), dq: bytes('dq'), qi: bytes('qi'), ...extra };
  }
  return { kty: 'EC', crv: jwk.crv === 'secp256k1' ? 'P-256K' : jwk.crv, x: bytes('x'), y: bytes('y'), d: bytes('d'), ...extra };
}

const OAEP = { 'RSA-OAEP': 'sha1', 'RSA-OAEP-256': 'sha256' } as const;

function encryptLocally(key: KeyObject, alg: string, plaintext: Buffer): Buffer {
  const publicKey = createPublicKey(key);
  if (alg === 'RSA1_5') return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, plaintext);
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP[alg as keyof typeof OAEP] }, plaintext);
}

describe('cryptographic operations with real keys', () => {
  let emulator: AzureKeyVaultEmulator;
  let token: string;
  let rsa: KeyVaultKey;
  const material = () => rsaKey(2048);
  beforeAll(async () => {
    emulator = await startEmulator();
    token = await tokenFor(emulator);
    rsa = await keyClient(emulator).importKey(uniqueName('imported-rsa'), sdkJwk(material()));
  });
  afterAll(() => emulator.close());

  it('imports a software RSA key and returns only its public part', () => {
    expect(rsa.keyType).toBe('RSA');
    expect(Buffer.from(rsa.key!.n!).toString('base64url')).toBe(material().export({ format: 'jwk' }).n);
    expect(rsa.key?.d).toBeUndefined();
    expect(rsa.key?.p).toBeUndefined();
  });

  it('decrypts and unwraps in the vault what was encrypted locally, for RSA1_5, RSA-OAEP and RSA-OAEP-256', async () => {
    const crypto = cryptoClient(emulator, rsa.id!);
    for (const alg of ['RSA1_5', 'RSA-OAEP', 'RSA-OAEP-256'] as const) {
      const secret = randomBytes(32);
      const decrypted = await crypto.decrypt({ algorithm: alg, ciphertext: encryptLocally(material(), alg, secret) });
      expect(Buffer.from(decrypted.result), alg).toEqual(secret);
      const unwrapped = await crypto.unwrapKey(alg, encryptLocally(material(), alg, secret));
      expect(Buffer.from(unwrapped.result), alg).toEqual(secret);
    }
  });

  it('encrypts and wraps in the vault so that the private key opens it locally', async () => {
    const path = new URL(rsa.id!).pathname;
    for (const [op, alg] of [['encrypt', 'RSA-OAEP-256'], ['wrapkey', 'RSA-OAEP']] as const) {
      const secret = randomBytes(24);
      const response = await raw(emulator, 'POST', `${path}/${op}?api-version=7.5`, { token, body: { alg, value: secret.toString('base64url') } });
      expect(response.status).toBe(200);
      expect(response.body.kid).toBe(rsa.id);
      const opened = privateDecrypt(
        { key: material(), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP[alg] },
        Buffer.from(response.body.value as string, 'base64url'),
      );
      expect(opened).toEqual(secret);
    }
  });

  it('signs RS256/384/512 and PS256/384/512 digests that verify locally, and verifies in the vault', async () => {
    const crypto = cryptoClient(emulator, rsa.id!);
    const path = new URL(rsa.id!).pathname;
    for (const bits of [256, 384, 512] as const) {
      const digest = sha(bits, 'message');
      for (const alg of [`RS${bits}`, `PS${bits}`] as const) {
        const { result } = await crypto.sign(alg, digest);
        const pss = alg.startsWith('PS');
        const ok = verify(
          `sha${bits}`,
          Buffer.from('message'),
          { key: createPublicKey(material()), ...(pss && { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: bits / 8 }) },
          result,
        );
        expect(ok, alg).toBe(true);
        const remote = await raw(emulator, 'POST', `${path}/verify?api-version=7.5`, {
          token,
          body: { alg, digest: digest.toString('base64url'), value: Buffer.from(result).toString('base64url') },
        });
        expect(remote.body, alg).toEqual({ value: true });
        const tampered = Buffer.from(result);
        tampered.writeUInt8(tampered.readUInt8(10) ^ 1, 10);
        const refused = await raw(emulator, 'POST', `${path}/verify?api-version=7.5`, {
          token,
          body: { alg, digest: digest.toString('base64url'), value: tampered.toString('base64url') },
        });
        expect(refused.body, alg).toEqual({ value: false });
      }
    }
  });

  it('imports EC keys on every curve (software and HSM) and signs ES256/384/512/256K verifiably', async () => {
    const client = keyClient(emulator);
    for (const [curve, alg, bits, hsm] of [
      ['P-256', 'ES256', 256, false],
      ['P-384', 'ES384', 384, true],
      ['P-521', 'ES512', 512, false],
      ['secp256k1', 'ES256K', 256, false],
    ] as const) {
      const key = generateKeyPairSync('ec', { namedCurve: curve }).privateKey;
      const imported = await client.importKey(uniqueName('imported-ec'), sdkJwk(key), { hardwareProtected: hsm });
      expect(imported.keyType).toBe(hsm ? 'EC-HSM' : 'EC');
      expect(imported.key?.d).toBeUndefined();
      const { result } = await cryptoClient(emulator, imported.id!).sign(alg, sha(bits, 'ec message'));
      expect(verify(`sha${bits}`, Buffer.from('ec message'), { key: createPublicKey(key), dsaEncoding: 'ieee-p1363' }, result), alg).toBe(true);
      expect(verify(`sha${bits}`, Buffer.from('ec message'), { key: publicKeyOfJwk(imported.key!), dsaEncoding: 'ieee-p1363' }, result)).toBe(true);
    }
  });

  it('makes generated keys whose returned public key verifies their signatures', async () => {
    const created = await keyClient(emulator).createRsaKey(uniqueName('generated'), { hsm: true });
    const { result } = await cryptoClient(emulator, created.id!).sign('PS256', sha(256, 'generated'));
    const ok = verify('sha256', Buffer.from('generated'), { key: publicKeyOfJwk(created.key!), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, result);
    expect(ok).toBe(true);
  });

  it('refuses private operations on a disabled version and operations the key does not allow', async () => {
    const client = keyClient(emulator);
    const name = uniqueName('limited');
    const imported = await client.importKey(name, sdkJwk(material(), { keyOps: ['decrypt', 'verify'] }));
    const crypto = cryptoClient(emulator, imported.id!);
    const path = new URL(imported.id!).pathname;
    const signError = await raw(emulator, 'POST', `${path}/sign?api-version=7.5`, { token, body: { alg: 'RS256', value: sha(256, 'x').toString('base64url') } });
    expect(signError.status).toBe(403);
    expect(signError.body).toEqual({
      error: { code: 'Forbidden', message: 'Operation sign is not permitted on this key.', innererror: { code: 'KeyOperationForbidden' } },
    });
    await client.updateKeyProperties(name, imported.properties.version!, { enabled: false });
    const disabled = await restError(crypto.decrypt({ algorithm: 'RSA-OAEP', ciphertext: encryptLocally(material(), 'RSA-OAEP', Buffer.from('x')) }));
    expect(disabled).toMatchObject({ statusCode: 403, code: 'Forbidden', message: 'Operation decrypt is not allowed on a disabled key.' });
    const response = await raw(emulator, 'POST', `${path}/decrypt?api-version=7.5`, { token, body: { alg: 'RSA-OAEP', value: 'AAAA' } });
    expect(response.body).toMatchObject({ error: { code: 'Forbidden', innererror: { code: 'KeyDisabled' } } });
    await client.updateKeyProperties(name, imported.properties.version!, { enabled: true });
    expect((await crypto.decrypt({ algorithm: 'RSA-OAEP', ciphertext: encryptLocally(material(), 'RSA-OAEP', Buffer.from('x')) })).result).toEqual(Buffer.from('x'));
  });

  it('refuses wrong algorithms, digest lengths and imports without every private member', async () => {
    const path = new URL(rsa.id!).pathname;
    const wrongAlg = await raw(emulator, 'POST', `${path}/sign?api-version=7.5`, { token, body: { alg: 'ES256', value: sha(256, 'x').toString('base64url') } });
    expect(wrongAlg.status).toBe(400);
    const shortDigest = await raw(emulator, 'POST', `${path}/sign?api-version=7.5`, { token, body: { alg: 'RS384', value: sha(256, 'x').toString('base64url') } });
    expect(shortDigest.body).toMatchObject({ error: { code: 'BadParameter' } });
    const client = keyClient(emulator);
    const jwk = sdkJwk(material());
    delete jwk.qi;
    expect(await restError(client.importKey(uniqueName('partial'), jwk))).toMatchObject({ statusCode: 400, code: 'BadParameter' });
    const mismatched = sdkJwk(material(), { n: sdkJwk(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey).n });
    expect(await restError(client.importKey(uniqueName('mismatch'), mismatched))).toMatchObject({ statusCode: 400 });
  });

  it('returns random bytes', async () => {
    const response = await raw(emulator, 'POST', '/rng?api-version=7.5', { token, body: { count: 16 } });
    expect(Buffer.from(response.body.value as string, 'base64url').length).toBe(16);
  });
});
