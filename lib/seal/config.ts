import path from 'node:path';

/**
 * The seal's configuration, from the environment (Vault's seal settings in Keywarden's
 * namespace). Pure: no file is read here.
 */
export type SealConfig =
  | { type: 'local' }
  | {
      type: 'awskms';
      /** Key id, key ARN, alias name or alias ARN (KEYWARDEN_AWSKMS_SEAL_KEY_ID). */
      keyId: string;
      region: string;
      /** AWS_KMS_ENDPOINT: a VPC endpoint or the emulator. */
      endpoint?: string;
      /** AWS_CA_BUNDLE: a PEM file trusted for the KMS endpoint's TLS. */
      caBundleFile?: string;
      /** Where the wrapped root keys live (KEYWARDEN_SEAL_FILE, default <data dir>/root-key.awskms.json). */
      file: string;
    };

export const SEAL_TYPES = ['local', 'awskms'] as const;
export type SealType = (typeof SEAL_TYPES)[number];

export class SealConfigError extends Error {}

type Env = Record<string, string | undefined>;
const value = (env: Env, name: string) => env[name]?.trim() || undefined;

export function awsKmsSealFile(env: Env = process.env): string {
  return path.resolve(value(env, 'KEYWARDEN_SEAL_FILE') ?? path.join(value(env, 'KEYWARDEN_DATA_DIR') ?? 'data', 'root-key.awskms.json'));
}

export function parseSealType(raw: string | undefined): SealType {
  const type = raw?.trim() || 'local';
  if (!(SEAL_TYPES as readonly string[]).includes(type)) {
    throw new SealConfigError(`Unknown seal type KEYWARDEN_SEAL_TYPE="${type}": use ${SEAL_TYPES.join(' or ')}.`);
  }
  return type as SealType;
}

/** The seal the environment asks for; `overrides` is what a command line says (seal migrate --to). */
export function parseSealConfig(env: Env = process.env, overrides: { type?: string; keyId?: string } = {}): SealConfig {
  const type = parseSealType(overrides.type ?? env.KEYWARDEN_SEAL_TYPE);
  if (type === 'local') return { type };
  const keyId = overrides.keyId?.trim() || value(env, 'KEYWARDEN_AWSKMS_SEAL_KEY_ID');
  if (!keyId) throw new SealConfigError('The awskms seal needs KEYWARDEN_AWSKMS_SEAL_KEY_ID (a KMS key id, key ARN or alias).');
  const region = value(env, 'AWS_REGION') ?? value(env, 'AWS_DEFAULT_REGION');
  if (!region) throw new SealConfigError('The awskms seal needs a region: set AWS_REGION (or AWS_DEFAULT_REGION).');
  const endpoint = value(env, 'AWS_KMS_ENDPOINT');
  if (endpoint) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new SealConfigError(`AWS_KMS_ENDPOINT="${endpoint}" is not a URL (e.g. https://vpce-….kms.eu-west-1.vpce.amazonaws.com).`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SealConfigError(`AWS_KMS_ENDPOINT must be an http(s) URL, not ${url.protocol}`);
  }
  const caBundleFile = value(env, 'AWS_CA_BUNDLE');
  return { type, keyId, region, file: awsKmsSealFile(env), ...(endpoint && { endpoint }), ...(caBundleFile && { caBundleFile }) };
}

export function describeSeal(config: SealConfig): string {
  return config.type === 'local' ? 'the local seal' : `the AWS KMS seal (key ${config.keyId} in ${config.region}${config.endpoint ? ` at ${config.endpoint}` : ''})`;
}
