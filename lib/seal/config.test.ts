import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsKmsSealFile, parseSealConfig } from './config';

describe('seal configuration', () => {
  it('is the local seal unless told otherwise', () => {
    expect(parseSealConfig({})).toEqual({ type: 'local' });
    expect(parseSealConfig({ KEYWARDEN_SEAL_TYPE: ' local ' })).toEqual({ type: 'local' });
  });

  it('reads the awskms seal from Vault-style names', () => {
    expect(
      parseSealConfig({
        KEYWARDEN_SEAL_TYPE: 'awskms',
        KEYWARDEN_AWSKMS_SEAL_KEY_ID: 'alias/keywarden-seal',
        AWS_DEFAULT_REGION: 'eu-central-1',
        AWS_KMS_ENDPOINT: 'https://vpce-1.kms.eu-central-1.vpce.amazonaws.com',
        AWS_CA_BUNDLE: '/etc/ssl/proxy.pem',
        KEYWARDEN_DATA_DIR: '/var/lib/keywarden',
      }),
    ).toEqual({
      type: 'awskms',
      keyId: 'alias/keywarden-seal',
      region: 'eu-central-1',
      endpoint: 'https://vpce-1.kms.eu-central-1.vpce.amazonaws.com',
      caBundleFile: '/etc/ssl/proxy.pem',
      file: '/var/lib/keywarden/root-key.awskms.json',
    });
    // AWS_REGION wins over AWS_DEFAULT_REGION; a command line's key id over the environment's.
    expect(parseSealConfig({ KEYWARDEN_SEAL_TYPE: 'awskms', KEYWARDEN_AWSKMS_SEAL_KEY_ID: 'k1', AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-west-1' }, { keyId: 'k2' })).toMatchObject({
      keyId: 'k2',
      region: 'us-west-2',
    });
    expect(awsKmsSealFile({ KEYWARDEN_SEAL_FILE: '/x/seal.json', KEYWARDEN_DATA_DIR: '/y' })).toBe('/x/seal.json');
    expect(awsKmsSealFile({})).toBe(path.resolve('data/root-key.awskms.json'));
  });

  it('refuses what it cannot use, naming what to set', () => {
    expect(() => parseSealConfig({ KEYWARDEN_SEAL_TYPE: 'transit' })).toThrow('Unknown seal type KEYWARDEN_SEAL_TYPE="transit": use local or awskms.');
    expect(() => parseSealConfig({ KEYWARDEN_SEAL_TYPE: 'awskms', AWS_REGION: 'eu-west-1' })).toThrow(/needs KEYWARDEN_AWSKMS_SEAL_KEY_ID/);
    expect(() => parseSealConfig({ KEYWARDEN_SEAL_TYPE: 'awskms', KEYWARDEN_AWSKMS_SEAL_KEY_ID: 'k' })).toThrow(/needs a region: set AWS_REGION/);
    expect(() => parseSealConfig({ KEYWARDEN_SEAL_TYPE: 'awskms', KEYWARDEN_AWSKMS_SEAL_KEY_ID: 'k', AWS_REGION: 'r', AWS_KMS_ENDPOINT: 'kms.local' })).toThrow(/is not a URL/);
    expect(() => parseSealConfig({ KEYWARDEN_SEAL_TYPE: 'awskms', KEYWARDEN_AWSKMS_SEAL_KEY_ID: 'k', AWS_REGION: 'r', AWS_KMS_ENDPOINT: 'ftp://x' })).toThrow(/http\(s\) URL/);
  });
});
