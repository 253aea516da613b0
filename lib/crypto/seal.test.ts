import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Keyring, loadLocalRootKey, rootKeyFromBytes, SealError } from './seal';

const rootA = rootKeyFromBytes(randomBytes(32));
const rootB = rootKeyFromBytes(randomBytes(32));
const secret = Buffer.from('0123456789abcdef0123456789abcdef');

describe('sealing', () => {
  it('opens what it sealed, under the same context', () => {
    const ring = new Keyring([rootA]);
    const blob = ring.seal(secret, 'key-material:k:1');
    expect(ring.open(blob, 'key-material:k:1').equals(secret)).toBe(true);
    expect(Buffer.from(blob).includes(secret)).toBe(false);
  });

  it('uses a fresh data key and nonce each time', () => {
    const ring = new Keyring([rootA]);
    expect(Buffer.from(ring.seal(secret, 'c')).equals(Buffer.from(ring.seal(secret, 'c')))).toBe(false);
  });

  it('records which root key sealed the blob, and a keyring holding it still opens it after rotation', () => {
    const blob = new Keyring([rootA]).seal(secret, 'c');
    expect(Buffer.from(blob).includes(Buffer.from(rootA.id))).toBe(true);
    const rotated = new Keyring([rootB, rootA]);
    expect(rotated.activeKeyId).toBe(rootB.id);
    expect(rotated.open(blob, 'c').equals(secret)).toBe(true);
    expect(() => new Keyring([rootB]).open(blob, 'c')).toThrow(/does not hold/);
  });

  it('refuses a wrong context, any flipped byte and a foreign blob', () => {
    const ring = new Keyring([rootA]);
    const blob = ring.seal(secret, 'key-material:k:1');
    expect(() => ring.open(blob, 'key-material:k:2')).toThrow(SealError);
    for (const at of [4 + 1 + rootA.id.length, blob.length - 1, 30, 60, 80]) {
      const tampered = Uint8Array.from(blob);
      tampered[at]! ^= 0x01;
      expect(() => ring.open(tampered, 'key-material:k:1')).toThrow(SealError);
    }
    expect(() => ring.open(Buffer.from('not a blob'), 'c')).toThrow(/Not a sealed blob/);
  });

  it('never puts the secret in its error messages', () => {
    const ring = new Keyring([rootA]);
    const blob = ring.seal(secret, 'a');
    const err = (() => {
      try {
        ring.open(blob, 'b');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(SealError);
    const text = `${String(err)} ${(err as Error).stack ?? ''}`;
    for (const encoding of ['utf8', 'hex', 'base64'] as const) expect(text).not.toContain(secret.toString(encoding));
  });
});

describe('the local root key', () => {
  it('comes from KEYWARDEN_ROOT_KEY and must be 32 bytes', () => {
    const key = randomBytes(32);
    expect(loadLocalRootKey({ KEYWARDEN_ROOT_KEY: key.toString('base64') }).key.equals(key)).toBe(true);
    expect(() => loadLocalRootKey({ KEYWARDEN_ROOT_KEY: randomBytes(16).toString('base64') })).toThrow(/32 bytes/);
    expect(() => loadLocalRootKey({})).toThrow(/No root key/);
  });

  it('has a stable id that does not reveal the key', () => {
    const key = randomBytes(32);
    const id = rootKeyFromBytes(key).id;
    expect(rootKeyFromBytes(Buffer.from(key)).id).toBe(id);
    expect(id).toMatch(/^local:[0-9a-f]{16}$/);
    expect(id).not.toContain(key.toString('hex').slice(0, 16));
  });
});
