import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { splitCommandLine } from './aws/token-command';
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
  return z.string({ error: `Enter the ${what} as text.` }).trim().max(2048, `The ${what} has at most 2048 characters.`).refine((value) => {
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
  .string({ error: 'Paste the CA bundle as PEM text.' })
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

const accessKeyFields = {
  accessKeyId: z.string({ error: 'Enter the access key id.' }).trim().regex(/^[A-Z0-9]{16,128}$/, 'An access key id is 16–128 capital letters and digits.'),
  secretAccessKey: z.string({ error: 'Enter the secret access key.' }).trim().min(1, 'Enter the secret access key.').max(256, 'A secret access key has at most 256 characters.')
    .refine((v) => !/\s/.test(v), 'A secret access key has no spaces.'),
  sessionToken: z.string({ error: 'Enter the session token as text.' }).trim().max(8192, 'A session token has at most 8192 characters.').optional().transform((v) => v || undefined),
};

/** Static keys; `form` may be left out (the form every earlier client sent). */
export const awsStaticCredentials = z.object({ form: z.literal('static', { error: 'The credential form here is "static".' }).optional().default('static'), ...accessKeyFields });

/** A union of "absent" forms and one real schema says what the real schema said. */
function branchMessage(issue: { code?: string; errors?: { code?: string; message: string }[][] }) {
  return issue.code === 'invalid_union' ? issue.errors?.find((branch) => branch.length > 0 && branch[0]!.code !== 'invalid_value')?.[0]?.message : undefined;
}

/** An optional text field: empty or blank is absent. */
const optionalText = <T extends z.ZodType<string>>(schema: T) =>
  z.union([z.literal('').transform(() => undefined), schema], { error: branchMessage }).optional().transform((v) => v || undefined);

/** IAM role ARNs, any partition (aws, aws-cn, aws-us-gov, …), paths allowed. */
export const AWS_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;
const roleArn = z.string({ error: 'Enter the role ARN.' }).trim().max(2048, 'A role ARN has at most 2048 characters.')
  .regex(AWS_ROLE_ARN, 'Enter a role ARN such as arn:aws:iam::123456789012:role/keywarden.');
/** STS's RoleSessionName: 2–64 of letters, digits and +=,.@_-. */
const sessionName = optionalText(z.string({ error: 'Enter the session name as text.' }).trim().regex(/^[\w+=,.@-]{2,64}$/, 'A session name is 2–64 letters, digits and +=,.@_- (no spaces).'));
/** STS's ExternalId: 2–1224 of letters, digits and +=,.@:/_-. */
const externalId = optionalText(z.string({ error: 'Enter the external id as text.' }).trim().regex(/^[\w+=,.@:\/-]{2,1224}$/, 'An external id is 2–1224 letters, digits and +=,.@:/_- (no spaces).'));
const absolutePath = (what: string) =>
  z.string({ error: `Enter the ${what}.` }).trim().min(1, `Enter the ${what}.`).max(1024, `The ${what} has at most 1024 characters.`)
    .refine((v) => v.startsWith('/') || /^[A-Za-z]:[\\/]/.test(v), `The ${what} must be an absolute path.`)
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), `The ${what} may not contain control characters.`);

export const awsAssumeRoleCredentials = z.object({
  form: z.literal('assume_role', { error: 'The credential form here is "assume_role".' }),
  roleArn,
  externalId,
  sessionName,
  source: z.union([z.literal('default_chain'), z.object(accessKeyFields)], {
    error: 'Choose the source of the credentials that assume the role: "default_chain" or an access key (accessKeyId, secretAccessKey).',
  }),
});

export const awsWebIdentityCredentials = z.object({
  form: z.literal('web_identity', { error: 'The credential form here is "web_identity".' }),
  roleArn,
  sessionName,
  tokenFile: optionalText(absolutePath('token file')),
  tokenCommand: optionalText(z.string({ error: 'Enter the token command as text.' }).trim().max(1024, 'A token command has at most 1024 characters.')
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v.replace(/\t/g, ' ')), 'A token command is one line without control characters.')
    .refine((v) => splitCommandLine(v) !== null, 'The token command has an unbalanced quote.')),
}).superRefine((value, ctx) => {
  if (Boolean(value.tokenFile) === Boolean(value.tokenCommand)) {
    ctx.addIssue({ code: 'custom', path: ['tokenFile'], message: 'Give either a token file or a token command, not both.' });
  }
});

export const awsProfileCredentials = z.object({
  form: z.literal('profile', { error: 'The credential form here is "profile".' }),
  profile: z.string({ error: 'Enter the profile name.' }).trim().min(1, 'Enter the profile name.').max(128, 'A profile name has at most 128 characters.')
    .regex(/^[\w+=,.@:-]+$/, 'A profile name is letters, digits and +=,.@:_- (no spaces).'),
  credentialsFile: optionalText(absolutePath('credentials file')),
  configFile: optionalText(absolutePath('config file')),
});

const AWS_FORMS = ['static', 'assume_role', 'web_identity', 'profile'] as const;

/** The credential forms of an awskms provider, told apart by `form` (absent: static keys). */
export const awsCredentials = z.preprocess(
  (value) => (value && typeof value === 'object' && !('form' in value) && 'accessKeyId' in value ? { ...value, form: 'static' } : value),
  z.discriminatedUnion('form', [awsStaticCredentials.extend({ form: z.literal('static') }), awsAssumeRoleCredentials, awsWebIdentityCredentials, awsProfileCredentials], {
    error: `Choose a credential form: ${AWS_FORMS.join(', ')} (or null for the SDK's default chain).`,
  }),
);

export const azureClientSecretCredentials = z.object({
  tenantId: text(64, 'the tenant id').refine((v) => /^[A-Za-z0-9.-]+$/.test(v), 'A tenant id is a GUID or a domain name.'),
  clientId: text(64, 'the client id').refine((v) => /^[A-Za-z0-9.-]+$/.test(v), 'A client id is a GUID.'),
  clientSecret: z.string({ error: 'Enter the client secret.' }).min(1, 'Enter the client secret.').max(1024, 'A client secret has at most 1024 characters.'),
  cloud: z.union([z.enum(['public', 'usgov', 'china']), httpsUrl('authority host', { allowHttp: false })], {
    error: 'Choose a cloud (public, usgov or china) or give the authority host as an https URL.',
  }).optional(),
});

const optionalEndpoint = z.union([endpoint, z.literal('').transform(() => null), z.null()], { error: branchMessage }).optional();
const optionalCaBundle = z.union([caBundle, z.literal('').transform(() => null), z.null()], { error: branchMessage }).optional();

const common = { name: providerName, endpoint: optionalEndpoint, caBundle: optionalCaBundle };

export const createProviderInput = z.discriminatedUnion('kind', [
  z.object({
    ...common,
    kind: z.literal('awskms'),
    keyCollection: z.string({ error: 'Enter the AWS region.' }).trim().regex(AWS_REGION, 'Enter an AWS region such as us-east-1 or eu-west-2.'),
    stsEndpoint: optionalEndpoint,
    credentials: awsCredentials.nullable().optional(),
  }),
  z.object({
    ...common,
    kind: z.literal('azurekeyvault'),
    stsEndpoint: z.union([z.literal('').transform(() => null), z.null()], { error: 'Only awskms providers have an STS endpoint.' }).optional(),
    keyCollection: z.string({ error: 'Enter the vault name or URL.' }).trim().max(512, 'A vault URL has at most 512 characters.').refine(
      (v) => AZURE_VAULT_NAME.test(v) || httpsUrl('vault URL', { allowHttp: false }).safeParse(v).success,
      'Enter a vault name (3–24 letters, digits and "-") or the vault\'s https URL.',
    ),
    credentials: azureClientSecretCredentials.nullable().optional(),
  }),
], { error: 'Choose a kind: awskms or azurekeyvault.' });
export type CreateProviderInput = z.output<typeof createProviderInput>;

type AnyCredentials = z.output<typeof awsCredentials> | z.output<typeof azureClientSecretCredentials> | null;
/**
 * Either kind's credentials, told apart by their shape (tenantId: Azure; else AWS), so a mistake
 * gets that schema's own message instead of a union's "Invalid input". The use case checks the kind.
 */
const anyCredentials = z.unknown().transform((value, ctx): AnyCredentials => {
  if (value === null) return null;
  const azure = typeof value === 'object' && 'tenantId' in value;
  const parsed = azure ? azureClientSecretCredentials.safeParse(value) : awsCredentials.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path, input: value });
  return z.NEVER;
});

/** PATCH: absent fields keep their value; null clears (credentials: back to the default chain). */
export const updateProviderInput = z.strictObject({
  name: providerName,
  endpoint: optionalEndpoint,
  caBundle: optionalCaBundle,
  /** AWS only. */
  stsEndpoint: optionalEndpoint,
  credentials: anyCredentials.optional(),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? 'Only endpoint, stsEndpoint, caBundle and credentials can change: a provider\'s kind and key collection are fixed.' : undefined) });
export type UpdateProviderInput = z.output<typeof updateProviderInput>;

export const providerRef = z.object({ name: providerName });
