import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { PROVIDER_KINDS } from './capabilities';

export const providerName = z
  .string({ error: 'Enter a provider name.' })
  .trim()
  .min(1, { message: 'Enter a provider name.', abort: true })
  .max(128, 'A provider name has at most 128 characters.')
  .regex(/^[A-Za-z0-9_-]+$/, 'A provider name may contain only letters, digits, "_" and "-".');

export const providerKind = z.enum(PROVIDER_KINDS, { error: `Choose a kind: ${PROVIDER_KINDS.join(', ')}.` });

/** AWS region names: partition prefix, optional gov/iso qualifier, direction, number (us-east-1, us-gov-west-1, cn-north-1). */
export const AWS_REGION = /^[a-z]{2}(-[a-z]+){1,2}-\d{1,2}$/;
/** Azure vault names: 3–24 of letters, digits and "-", starting with a letter, not ending with "-". */
export const AZURE_VAULT_NAME = /^[A-Za-z](?:[A-Za-z0-9]|-(?!-)){1,22}[A-Za-z0-9]$/;

const text = (max: number, what: string) =>
  z.string({ error: `Enter ${what}.` }).trim().min(1, `Enter ${what}.`).max(max, `${what[0]!.toUpperCase()}${what.slice(1)} has at most ${max} characters.`)
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), `${what[0]!.toUpperCase()}${what.slice(1)} may not contain control characters.`);

function httpsUrl(what: string, { allowHttp }: { allowHttp: boolean }) {
  return z.string().trim().max(2048, `The ${what} has at most 2048 characters.`).refine((value) => {
    try {
      const url = new URL(value);
      const schemeOk = url.protocol === 'https:' || (allowHttp && url.protocol === 'http:');
      return schemeOk && !url.username && !url.password && !url.search && !url.hash;
    } catch {
      return false;
    }
  }, `Enter the ${what} as an ${allowHttp ? 'http(s)' : 'https'} URL without credentials, query or fragment.`);
}

/** Endpoint overrides (VPC endpoints, emulators). Plain http only for loopback emulators. */
export const endpoint = httpsUrl('endpoint', { allowHttp: true }).refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}, 'Use https for endpoints other than this machine (http is only for local emulators).');

export const caBundle = z
  .string()
  .max(60 * 1024, 'A CA bundle has at most 60 KiB (the API takes bodies of up to 64 KiB).')
  .refine((pem) => {
    const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    if (!blocks) return false;
    try {
      for (const block of blocks) new X509Certificate(block);
      return true;
    } catch {
      return false;
    }
  }, 'The CA bundle must be PEM certificates (-----BEGIN CERTIFICATE-----).');

export const awsStaticCredentials = z.object({
  accessKeyId: z.string({ error: 'Enter the access key id.' }).trim().regex(/^[A-Z0-9]{16,128}$/, 'An access key id is 16–128 capital letters and digits.'),
  secretAccessKey: z.string({ error: 'Enter the secret access key.' }).trim().min(1, 'Enter the secret access key.').max(256, 'A secret access key has at most 256 characters.')
    .refine((v) => !/\s/.test(v), 'A secret access key has no spaces.'),
  sessionToken: z.string().trim().max(8192, 'A session token has at most 8192 characters.').optional().transform((v) => v || undefined),
});

export const azureClientSecretCredentials = z.object({
  tenantId: text(64, 'the tenant id').refine((v) => /^[A-Za-z0-9.-]+$/.test(v), 'A tenant id is a GUID or a domain name.'),
  clientId: text(64, 'the client id').refine((v) => /^[A-Za-z0-9.-]+$/.test(v), 'A client id is a GUID.'),
  clientSecret: z.string({ error: 'Enter the client secret.' }).min(1, 'Enter the client secret.').max(1024, 'A client secret has at most 1024 characters.'),
  cloud: z.union([z.enum(['public', 'usgov', 'china']), httpsUrl('authority host', { allowHttp: false })]).optional(),
});

const optionalEndpoint = z.union([endpoint, z.literal('').transform(() => null), z.null()]).optional();
const optionalCaBundle = z.union([caBundle, z.literal('').transform(() => null), z.null()]).optional();

const common = { name: providerName, endpoint: optionalEndpoint, caBundle: optionalCaBundle };

export const createProviderInput = z.discriminatedUnion('kind', [
  z.object({
    ...common,
    kind: z.literal('awskms'),
    keyCollection: z.string({ error: 'Enter the AWS region.' }).trim().regex(AWS_REGION, 'Enter an AWS region such as us-east-1 or eu-west-2.'),
    credentials: awsStaticCredentials.nullable().optional(),
  }),
  z.object({
    ...common,
    kind: z.literal('azurekeyvault'),
    keyCollection: z.string({ error: 'Enter the vault name or URL.' }).trim().max(512, 'A vault URL has at most 512 characters.').refine(
      (v) => AZURE_VAULT_NAME.test(v) || httpsUrl('vault URL', { allowHttp: false }).safeParse(v).success,
      'Enter a vault name (3–24 letters, digits and "-") or the vault\'s https URL.',
    ),
    credentials: azureClientSecretCredentials.nullable().optional(),
  }),
], { error: 'Choose a kind: awskms or azurekeyvault.' });
export type CreateProviderInput = z.output<typeof createProviderInput>;

/** PATCH: absent fields keep their value; null clears (credentials: back to the default chain). */
export const updateProviderInput = z.strictObject({
  name: providerName,
  endpoint: optionalEndpoint,
  caBundle: optionalCaBundle,
  credentials: z.union([awsStaticCredentials, azureClientSecretCredentials, z.null()]).optional(),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? 'Only endpoint, caBundle and credentials can change: a provider\'s kind and key collection are fixed.' : undefined) });
export type UpdateProviderInput = z.output<typeof updateProviderInput>;

export const providerRef = z.object({ name: providerName });
