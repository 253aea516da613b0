import {
  constants,
  createECDH,
  createHash,
  createPublicKey,
  privateDecrypt,
  privateEncrypt,
  publicDecrypt,
  publicEncrypt,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';

/**
 * Signing over a digest. KMS signs both RAW messages (hashed here) and DIGEST messages, and
 * node:crypto has no API that signs a prehashed digest, so the padding schemes are built here
 * on the raw RSA primitive, and ECDSA uses ECDH for its one scalar multiplication.
 */
type Hash = 'sha256' | 'sha384' | 'sha512';
type Scheme = 'pkcs1' | 'pss' | 'ecdsa';

const hashOf = (algorithm: string): Hash =>
  algorithm.endsWith('SHA_512') ? 'sha512' : algorithm.endsWith('SHA_384') ? 'sha384' : 'sha256';
const schemeOf = (algorithm: string): Scheme =>
  algorithm.startsWith('ECDSA') ? 'ecdsa' : algorithm.startsWith('RSASSA_PSS') ? 'pss' : 'pkcs1';

export const digestLength = (algorithm: string) => createHash(hashOf(algorithm)).digest().length;

export const digestMessage = (algorithm: string, message: Buffer) =>
  createHash(hashOf(algorithm)).update(message).digest();

export function signDigest(key: KeyObject, algorithm: string, digest: Buffer): Buffer {
  const hash = hashOf(algorithm);
  switch (schemeOf(algorithm)) {
    case 'pkcs1':
      return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo(hash, digest));
    case 'pss': {
      const bits = modulusBits(key);
      const em = pssEncode(hash, digest, bits - 1);
      return privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, leftPad(em, Math.ceil(bits / 8)));
    }
    case 'ecdsa':
      return ecdsaSign(key, digest);
  }
}

/** KMS verifies with the key it holds, so ECDSA verification may use the private scalar. */
export function verifyDigest(key: KeyObject, algorithm: string, digest: Buffer, signature: Buffer): boolean {
  const hash = hashOf(algorithm);
  try {
    switch (schemeOf(algorithm)) {
      case 'pkcs1': {
        const expected = digestInfo(hash, digest);
        const found = publicDecrypt({ key: createPublicKey(key), padding: constants.RSA_PKCS1_PADDING }, signature);
        return found.length === expected.length && timingSafeEqual(found, expected);
      }
      case 'pss': {
        const bits = modulusBits(key);
        const size = Math.ceil(bits / 8);
        if (signature.length !== size) return false;
        const m = publicEncrypt({ key: createPublicKey(key), padding: constants.RSA_NO_PADDING }, signature);
        const emLength = Math.ceil((bits - 1) / 8);
        if (m.subarray(0, size - emLength).some((b) => b !== 0)) return false;
        return pssVerify(hash, digest, m.subarray(size - emLength), bits - 1);
      }
      case 'ecdsa':
        return ecdsaVerify(key, digest, signature);
    }
  } catch {
    return false;
  }
}

const DIGEST_INFO: Record<Hash, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

const digestInfo = (hash: Hash, digest: Buffer) => Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), digest]);

const modulusBits = (key: KeyObject) => key.asymmetricKeyDetails?.modulusLength ?? 0;

const leftPad = (bytes: Buffer, length: number) =>
  bytes.length >= length ? bytes : Buffer.concat([Buffer.alloc(length - bytes.length), bytes]);

function mgf1(hash: Hash, seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * seed.length < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(createHash(hash).update(seed).update(c).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

// EMSA-PSS (RFC 8017 §9.1) with MGF1 over the same hash and a salt as long as the digest, as KMS uses.
function pssEncode(hash: Hash, digest: Buffer, emBits: number): Buffer {
  const emLength = Math.ceil(emBits / 8);
  const hLength = digest.length;
  const salt = randomBytes(hLength);
  const h = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLength - 2 * hLength - 2), Buffer.from([1]), salt]);
  const masked = xor(db, mgf1(hash, h, emLength - hLength - 1));
  masked[0]! &= 0xff >> (8 * emLength - emBits);
  return Buffer.concat([masked, h, Buffer.from([0xbc])]);
}

function pssVerify(hash: Hash, digest: Buffer, em: Buffer, emBits: number): boolean {
  const emLength = Math.ceil(emBits / 8);
  const hLength = digest.length;
  const topMask = 0xff >> (8 * emLength - emBits);
  if (em.length !== emLength || em[emLength - 1] !== 0xbc || (em[0]! & ~topMask) !== 0) return false;
  const masked = em.subarray(0, emLength - hLength - 1);
  const h = em.subarray(emLength - hLength - 1, emLength - 1);
  const db = xor(masked, mgf1(hash, h, masked.length));
  db[0]! &= topMask;
  const padLength = emLength - 2 * hLength - 2;
  if (db.subarray(0, padLength).some((b) => b !== 0) || db[padLength] !== 1) return false;
  const salt = db.subarray(padLength + 1);
  const expected = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  return timingSafeEqual(expected, h);
}

const xor = (a: Buffer, b: Buffer) => Buffer.from(a.map((byte, i) => byte ^ b[i]!));

const CURVE_ORDERS: Record<string, bigint> = {
  prime256v1: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  secp384r1:
    0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  secp521r1:
    0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
  secp256k1: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
};

interface Curve {
  name: string;
  n: bigint;
  bits: number;
  bytes: number;
}

function curveOf(key: KeyObject): Curve {
  const name = key.asymmetricKeyDetails?.namedCurve ?? '';
  const n = CURVE_ORDERS[name];
  if (n === undefined) throw new Error(`unsupported curve ${name}`);
  const bits = n.toString(2).length;
  return { name, n, bits, bytes: Math.ceil(bits / 8) };
}

const toBig = (bytes: Buffer) => (bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`));
const toBytes = (x: bigint, length: number) => Buffer.from(x.toString(16).padStart(length * 2, '0'), 'hex');
const mod = (a: bigint, n: bigint) => ((a % n) + n) % n;

function modPow(base: bigint, exponent: bigint, n: bigint): bigint {
  let result = 1n;
  let b = mod(base, n);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % n;
    b = (b * b) % n;
  }
  return result;
}

const inverse = (a: bigint, n: bigint) => modPow(a, n - 2n, n);

/** The digest as an integer, truncated to the order's bit length (FIPS 186-4 §6.4). */
function digestInt(digest: Buffer, curve: Curve): bigint {
  const excess = digest.length * 8 - curve.bits;
  return excess > 0 ? toBig(digest) >> BigInt(excess) : toBig(digest);
}

/** x coordinate of k·G, by way of ECDH's public key computation. */
function baseMultipleX(curve: Curve, k: bigint): bigint {
  const ecdh = createECDH(curve.name);
  ecdh.setPrivateKey(toBytes(k, curve.bytes));
  const point = ecdh.getPublicKey();
  return toBig(point.subarray(1, 1 + (point.length - 1) / 2));
}

const privateScalar = (key: KeyObject) => toBig(Buffer.from(key.export({ format: 'jwk' }).d ?? '', 'base64url'));

function ecdsaSign(key: KeyObject, digest: Buffer): Buffer {
  const curve = curveOf(key);
  const d = privateScalar(key);
  const z = digestInt(digest, curve);
  for (;;) {
    const k = toBig(randomBytes(curve.bytes)) >> BigInt(curve.bytes * 8 - curve.bits);
    if (k === 0n || k >= curve.n) continue;
    const r = mod(baseMultipleX(curve, k), curve.n);
    if (r === 0n) continue;
    const s = mod(inverse(k, curve.n) * (z + r * d), curve.n);
    if (s === 0n) continue;
    return derSignature(r, s);
  }
}

function ecdsaVerify(key: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const curve = curveOf(key);
  const parsed = parseDerSignature(signature);
  if (!parsed) return false;
  const { r, s } = parsed;
  if (r <= 0n || r >= curve.n || s <= 0n || s >= curve.n) return false;
  const w = inverse(s, curve.n);
  // u1·G + u2·Q = (u1 + u2·d)·G because Q = d·G.
  const k = mod(digestInt(digest, curve) * w + r * w * privateScalar(key), curve.n);
  return k !== 0n && mod(baseMultipleX(curve, k), curve.n) === r;
}

function derInteger(x: bigint): Buffer {
  let bytes = Buffer.from(x.toString(16).padStart(2 * Math.ceil(x.toString(16).length / 2), '0'), 'hex');
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

function derSignature(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  const length = body.length < 0x80 ? Buffer.from([body.length]) : Buffer.from([0x81, body.length]);
  return Buffer.concat([Buffer.from([0x30]), length, body]);
}

function parseDerSignature(der: Buffer): { r: bigint; s: bigint } | undefined {
  let offset = 0;
  const byte = () => der[offset++];
  if (byte() !== 0x30) return undefined;
  let length = byte();
  if (length === 0x81) length = byte();
  if (length === undefined || length !== der.length - offset) return undefined;
  const integer = (): bigint | undefined => {
    if (byte() !== 0x02) return undefined;
    const size = byte();
    if (!size || offset + size > der.length) return undefined;
    const value = der.subarray(offset, offset + size);
    offset += size;
    if (value[0]! & 0x80 || (size > 1 && value[0] === 0 && !(value[1]! & 0x80))) return undefined;
    return toBig(value);
  };
  const r = integer();
  const s = integer();
  return r === undefined || s === undefined || offset !== der.length ? undefined : { r, s };
}
