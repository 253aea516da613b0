import { constants, createDecipheriv, generateKeyPairSync, privateDecrypt, randomBytes, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesKeyWrapPad, wrapForAwsImport, wrapForAzureByok } from './byok';

const KWP_IV = Buffer.from('A65959A6', 'hex');
const wrapping = generateKeyPairSync('rsa', { modulusLength: 2048 });
const wrappingDer = wrapping.publicKey.export({ format: 'der', type: 'spki' });
const ecMaterial = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'der', type: 'pkcs8' });

function oaepDecrypt(privateKey: KeyObject, hash: 'sha1' | 'sha256', data: Buffer): Buffer {
  return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data);
}

function unwrapRsaAes(privateKey: KeyObject, hash: 'sha1' | 'sha256', blob: Buffer): Buffer {
  const modulusBytes = 2048 / 8;
  const aesKey = oaepDecrypt(privateKey, hash, blob.subarray(0, modulusBytes));
  expect(aesKey).toHaveLength(32);
  const decipher = createDecipheriv('id-aes256-wrap-pad', aesKey, KWP_IV);
  return Buffer.concat([decipher.update(blob.subarray(modulusBytes)), decipher.final()]);
}

describe('aesKeyWrapPad', () => {
  it('matches the RFC 5649 §6 vectors', () => {
    const kek = Buffer.from('5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8', 'hex');
    expect(aesKeyWrapPad(kek, Buffer.from('c37b7e6492584340bed12207808941155068f738', 'hex')).toString('hex')).toBe(
      '138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a',
    );
    expect(aesKeyWrapPad(kek, Buffer.from('466f7250617369', 'hex')).toString('hex')).toBe('afbeb0f07dfbf5419200f2ccb50bb24f');
  });

  it('refuses a key of the wrong size', () => {
    expect(() => aesKeyWrapPad(Buffer.alloc(20), Buffer.alloc(8))).toThrow(/16, 24 or 32/);
  });
});

describe('wrapForAwsImport', () => {
  it('RSAES_OAEP_SHA_256 carries AES material', () => {
    const material = randomBytes(32);
    const blob = wrapForAwsImport(material, wrappingDer, 'RSAES_OAEP_SHA_256');
    expect(blob).toHaveLength(256);
    expect(oaepDecrypt(wrapping.privateKey, 'sha256', blob).equals(material)).toBe(true);
    expect(() => oaepDecrypt(wrapping.privateKey, 'sha1', blob)).toThrow();
  });

  it('RSA_AES_KEY_WRAP_SHA_256 carries a PKCS#8 private key', () => {
    const blob = wrapForAwsImport(ecMaterial, wrappingDer, 'RSA_AES_KEY_WRAP_SHA_256');
    expect(unwrapRsaAes(wrapping.privateKey, 'sha256', blob).equals(ecMaterial)).toBe(true);
  });

  it('uses a fresh ephemeral key every time', () => {
    const a = wrapForAwsImport(ecMaterial, wrappingDer, 'RSA_AES_KEY_WRAP_SHA_256');
    const b = wrapForAwsImport(ecMaterial, wrappingDer, 'RSA_AES_KEY_WRAP_SHA_256');
    expect(a.subarray(256).equals(b.subarray(256))).toBe(false);
  });
});

describe('wrapForAzureByok', () => {
  it('is OAEP SHA-1 of the AES key followed by KWP of the material', () => {
    const pem = wrapping.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    for (const kek of [pem, wrappingDer, wrapping.publicKey]) {
      const blob = wrapForAzureByok(ecMaterial, kek);
      expect(unwrapRsaAes(wrapping.privateKey, 'sha1', blob).equals(ecMaterial)).toBe(true);
      expect(() => unwrapRsaAes(wrapping.privateKey, 'sha256', blob)).toThrow();
    }
  });
});
