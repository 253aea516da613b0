import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as der from './der';

/**
 * The emulator's self-signed TLS certificate (ECDSA P-256), built with node:crypto and a small DER
 * writer. It is its own CA (basicConstraints CA:TRUE), so clients trust exactly this certificate.
 */
export interface TlsFiles {
  certPem: string;
  keyPem: string;
  certPath: string;
  keyPath: string;
}

export const CERT_FILE = 'tls-cert.pem';
export const KEY_FILE = 'tls-key.pem';

const OID = {
  commonName: '2.5.4.3',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
};

const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

const extension = (oid: string, critical: boolean, value: Buffer) =>
  der.sequence(der.objectIdentifier(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const halves = ip.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const all = halves.length > 1 ? [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail] : head;
  return Buffer.concat(all.map((g) => Buffer.from(g.padStart(4, '0'), 'hex')));
}

export function createSelfSignedCertificate(names: string[], now = new Date()): { certPem: string; keyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const name = der.sequence(der.set(der.sequence(der.objectIdentifier(OID.commonName), der.utf8String('Keywarden Azure Key Vault emulator'))));
  const algorithm = der.sequence(der.objectIdentifier(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const altNames = names.map((n) => (isIP(n) ? der.implicit(7, ipBytes(n)) : der.implicit(2, Buffer.from(n, 'ascii'))));
  const keyId = createHash('sha1').update(spki).digest();
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)),
    der.unsignedInteger(serial),
    algorithm,
    name,
    der.sequence(der.time(new Date(now.getTime() - 24 * 3600 * 1000)), der.time(new Date(now.getTime() + 825 * 24 * 3600 * 1000))),
    name,
    spki,
    der.explicit(
      3,
      der.sequence(
        extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
        // digitalSignature | keyCertSign
        extension(OID.keyUsage, true, der.tlv(0x03, Buffer.from([0x02, 0x84]))),
        extension(OID.extKeyUsage, false, der.sequence(der.objectIdentifier(OID.serverAuth))),
        extension(OID.subjectAltName, false, der.sequence(...altNames)),
        extension(OID.subjectKeyIdentifier, false, der.octetString(keyId)),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey);
  const cert = der.sequence(tbs, algorithm, der.bitString(signature));
  const certPem = `-----BEGIN CERTIFICATE-----\n${cert.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
  return { certPem, keyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

function covers(certPem: string, names: string[], now: number): boolean {
  const cert = new X509Certificate(certPem);
  if (Date.parse(cert.validTo) - now < RENEW_BEFORE_MS) return false;
  const listed = (cert.subjectAltName ?? '').split(', ');
  return names.every((n) => listed.includes(isIP(n) ? `IP Address:${n.toUpperCase()}` : `DNS:${n}`));
}

function writeAtomically(path: string, text: string): void {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, text, { mode: 0o600 });
  renameSync(temp, path);
}

/**
 * Reuses the certificate in `dir` while it names every host and has a month left; otherwise
 * writes a new one (a vault added later gets its `<vault>.localhost` name this way).
 */
export function ensureCertificate(dir: string, names: string[], now = Date.now()): TlsFiles {
  const certPath = join(dir, CERT_FILE);
  const keyPath = join(dir, KEY_FILE);
  if (existsSync(certPath) && existsSync(keyPath)) {
    const certPem = readFileSync(certPath, 'utf8');
    if (covers(certPem, names, now)) return { certPem, keyPem: readFileSync(keyPath, 'utf8'), certPath, keyPath };
  }
  mkdirSync(dir, { recursive: true });
  const { certPem, keyPem } = createSelfSignedCertificate(names, new Date(now));
  writeAtomically(keyPath, keyPem);
  writeAtomically(certPath, certPem);
  return { certPem, keyPem, certPath, keyPath };
}

export function loadCertificate(certPath: string, keyPath: string): TlsFiles {
  return { certPem: readFileSync(certPath, 'utf8'), keyPem: readFileSync(keyPath, 'utf8'), certPath, keyPath };
}
