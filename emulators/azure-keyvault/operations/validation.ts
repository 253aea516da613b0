import { badParameter } from '../errors';
import { family } from '../key-material';
import type { KeyType, VersionAttributes } from '../state';

export const KEY_TYPES: KeyType[] = ['RSA', 'RSA-HSM', 'EC', 'EC-HSM'];
const NAME = /^[0-9a-zA-Z-]{1,127}$/;
const RSA_OPS = ['encrypt', 'decrypt', 'sign', 'verify', 'wrapKey', 'unwrapKey'];
const EC_OPS = ['sign', 'verify'];
const MAX_TAGS = 15;

export function checkName(name: string): void {
  if (!NAME.test(name)) throw badParameter(`The request URI contains an invalid name: ${name}`);
}

export function keyType(value: unknown): KeyType {
  if (value === undefined || value === null || value === '') throw badParameter("The parameter 'kty' is required.");
  if (typeof value !== 'string' || !KEY_TYPES.includes(value as KeyType)) {
    throw badParameter(`Invalid kty: '${String(value)}'. Supported values for this vault are "RSA", "RSA-HSM", "EC", "EC-HSM".`);
  }
  return value as KeyType;
}

export const defaultKeyOps = (kty: KeyType) => [...(family(kty) === 'RSA' ? RSA_OPS : EC_OPS)];

const quoted = (ops: string[]) => ops.map((o) => `"${o}"`).join(', ');

export function keyOps(kty: KeyType, value: unknown): string[] {
  if (value === undefined || value === null) return defaultKeyOps(kty);
  if (!Array.isArray(value) || value.some((o) => typeof o !== 'string')) throw badParameter("The parameter 'key_ops' must be an array of strings.");
  const ops = [...new Set(value as string[])];
  const supported = family(kty) === 'RSA' ? [...RSA_OPS, ...(kty === 'RSA-HSM' ? ['import'] : [])] : EC_OPS;
  const unsupported = ops.filter((o) => !supported.includes(o));
  if (unsupported.length > 0) {
    throw badParameter(`Unsupported key operation(s): ${quoted(unsupported)}. Supported values are ${quoted(supported)}.`);
  }
  if (ops.includes('import') && ops.length > 1) {
    throw badParameter('The key operation "import" is mutually exclusive with all other key operations.');
  }
  return ops;
}

const epochSeconds = (value: unknown, name: string): number | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw badParameter(`The attribute '${name}' must be a Unix time in seconds.`);
  return value;
};

/** The writable attributes (enabled, nbf, exp); `exportable: true` needs a release policy, which this vault does not offer. */
export function attributesPatch(value: unknown): Partial<Pick<VersionAttributes, 'enabled' | 'nbf' | 'exp'>> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badParameter("The parameter 'attributes' must be an object.");
  const raw = value as Record<string, unknown>;
  if (raw.enabled !== undefined && raw.enabled !== null && typeof raw.enabled !== 'boolean') {
    throw badParameter("The attribute 'enabled' must be a boolean.");
  }
  if (raw.exportable === true) throw badParameter('Exportable keys must have a release policy.');
  const patch: Partial<Pick<VersionAttributes, 'enabled' | 'nbf' | 'exp'>> = {};
  if (typeof raw.enabled === 'boolean') patch.enabled = raw.enabled;
  const nbf = epochSeconds(raw.nbf, 'nbf');
  const exp = epochSeconds(raw.exp, 'exp');
  if (nbf !== undefined) patch.nbf = nbf;
  if (exp !== undefined) patch.exp = exp;
  return patch;
}

export function tags(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badParameter("The parameter 'tags' must be an object of strings.");
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.some(([, v]) => typeof v !== 'string')) throw badParameter('Tag values must be strings.');
  if (entries.length > MAX_TAGS) throw badParameter(`A key may have at most ${MAX_TAGS} tags.`);
  if (entries.some(([k, v]) => k.length > 512 || (v as string).length > 256)) {
    throw badParameter('Tag names are limited to 512 characters and tag values to 256 characters.');
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

export function requiredString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw badParameter(`The parameter '${name}' is required.`);
  return value;
}
