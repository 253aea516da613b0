import { describe, expect, it } from 'vitest';
import { encryptionContext, explainKmsError } from './awskms';

const config = { type: 'awskms' as const, keyId: 'alias/seal', region: 'eu-west-1', file: '/data/root-key.awskms.json' };

describe('the AWS KMS seal', () => {
  it('binds every root key ciphertext to the installation and the root key', () => {
    expect(encryptionContext('inst-1', 'local:ab')).toEqual({ 'keywarden:purpose': 'root-key', 'keywarden:installation': 'inst-1', 'keywarden:root-key-id': 'local:ab' });
  });

  it('explains every failure in one line naming the action and the key', () => {
    const err = (name: string, message: string, extra: object = {}) => Object.assign(new Error(message), { name, ...extra });
    expect(explainKmsError(err('AccessDeniedException', 'User: arn:aws:iam::1:user/a is not authorized to perform: kms:Decrypt\nmore'), 'kms:Decrypt', config).message).toBe(
      'AWS KMS refused kms:Decrypt on alias/seal: User: arn:aws:iam::1:user/a is not authorized to perform: kms:Decrypt',
    );
    expect(explainKmsError(err('Error', 'connect ECONNREFUSED', { code: 'ECONNREFUSED' }), 'kms:Decrypt', { ...config, endpoint: 'https://vpce.example' }).message).toBe(
      'AWS KMS is unreachable at https://vpce.example (ECONNREFUSED): kms:Decrypt on alias/seal could not be called.',
    );
    expect(explainKmsError(err('TimeoutError', 'timed out'), 'kms:Encrypt', config).message).toMatch(/^AWS KMS is unreachable at kms\.eu-west-1\.amazonaws\.com \(TimeoutError\)/);
    expect(explainKmsError(err('CredentialsProviderError', 'Could not load credentials from any providers'), 'kms:Decrypt', config).message).toBe(
      'No AWS credentials for the KMS seal (Could not load credentials from any providers).',
    );
    expect(explainKmsError(err('InvalidCiphertextException', ''), 'kms:Decrypt', config).message).toMatch(/another key or another installation/);
    expect(explainKmsError(err('Error', 'self-signed certificate in certificate chain', { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), 'kms:Decrypt', config).message).toMatch(/set AWS_CA_BUNDLE/);
    expect(explainKmsError(err('NotFoundException', 'Alias alias/seal is not found.'), 'kms:Encrypt', config).message).toBe(
      'AWS KMS kms:Encrypt on alias/seal failed: NotFoundException: Alias alias/seal is not found.',
    );
  });
});
