import 'server-only';
import { createHash, createPublicKey } from 'node:crypto';

/**
 * The SHA-256 fingerprint of a public key: the digest of its DER SubjectPublicKeyInfo, as
 * lower-case hex pairs joined by ":". The same as
 * `openssl pkey -pubin -in key.pem -outform DER | openssl dgst -sha256 -c`.
 */
export function spkiFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').match(/../g)!.join(':');
}
