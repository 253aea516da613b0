'use server';
import { revalidatePath } from 'next/cache';
import { requireContext } from '@/lib/auth/session';
import { DomainError } from '@/lib/errors';
import { createProvider } from '@/lib/providers/create-provider';
import { deleteProvider } from '@/lib/providers/delete-provider';
import {
  awsAssumeRoleCredentials,
  awsProfileCredentials,
  awsStaticCredentials,
  awsWebIdentityCredentials,
  azureClientSecretCredentials,
} from '@/lib/providers/schemas';
import { testProvider } from '@/lib/providers/test-provider';
import { updateProvider } from '@/lib/providers/update-provider';
import { describePerformed } from './performed';
import { formFields, isTextArgument, toActionResult, wrongArguments, type ActionResult } from './result';

export async function createProviderAction(_prev: unknown, form: FormData) {
  if (!(form instanceof FormData)) return wrongArguments();
  const fields = formFields(form);
  const result = await toActionResult(
    async () => createProvider({ ...providerFields(fields), kind: fields.kind, keyCollection: fields.keyCollection }, await requireContext()),
    (p) => describePerformed(p, (provider) => `Provider "${provider.name}" created.`),
  );
  revalidatePath('/providers');
  return withCredentialErrors(result, fields);
}

export async function updateProviderAction(_prev: unknown, form: FormData) {
  if (!(form instanceof FormData)) return wrongArguments();
  const fields = formFields(form);
  const result = await toActionResult(
    async () => updateProvider(providerFields(fields), await requireContext()),
    (p) => describePerformed(p, (provider) => `Provider "${provider.name}" saved.`),
  );
  revalidatePath(`/providers/${String(fields.name)}`);
  return withCredentialErrors(result, fields);
}

export async function testProviderAction(name: string) {
  if (!isTextArgument(name)) return wrongArguments();
  return toActionResult(async () => testProvider({ name }, await requireContext()));
}

/** The typed confirmation is checked here too, not only in the dialog. */
export async function deleteProviderAction(name: string, confirmation: string) {
  if (!isTextArgument(name) || !isTextArgument(confirmation)) return wrongArguments();
  const result = await toActionResult(
    async () => {
      const ctx = await requireContext();
      if (confirmation !== name) {
        throw new DomainError('invalid_input', `Type the provider's name, "${name}", to confirm.`, { confirmation: ['The name does not match.'] });
      }
      return deleteProvider({ name }, ctx);
    },
    (p) => describePerformed(p, () => `Provider "${name}" deleted.`),
  );
  revalidatePath('/providers');
  return result;
}

type Fields = Record<string, string | string[]>;
const one = (fields: Fields, name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);

/** An optional field: empty is absent. */
const optional = (fields: Fields, name: string) => one(fields, name) || undefined;

/** The flat fields of one credential form → its input (source and token radio groups included). */
function credentialsFrom(fields: Fields, form: string | undefined) {
  switch (form) {
    case 'default':
      return null;
    case 'static':
      return { accessKeyId: one(fields, 'accessKeyId'), secretAccessKey: one(fields, 'secretAccessKey'), sessionToken: one(fields, 'sessionToken') };
    case 'assume_role':
      return {
        form,
        roleArn: one(fields, 'roleArn'),
        externalId: optional(fields, 'externalId'),
        sessionName: optional(fields, 'sessionName'),
        source:
          one(fields, 'assumeRoleSource') === 'keys'
            ? { accessKeyId: one(fields, 'sourceAccessKeyId'), secretAccessKey: one(fields, 'sourceSecretAccessKey'), sessionToken: one(fields, 'sourceSessionToken') }
            : 'default_chain',
      };
    case 'web_identity': {
      const byCommand = one(fields, 'tokenSource') === 'command';
      return {
        form,
        roleArn: one(fields, 'roleArn'),
        sessionName: optional(fields, 'sessionName'),
        ...(byCommand ? { tokenCommand: optional(fields, 'tokenCommand') } : { tokenFile: optional(fields, 'tokenFile') }),
      };
    }
    case 'profile':
      return { form, profile: one(fields, 'profile'), credentialsFile: optional(fields, 'credentialsFile'), configFile: optional(fields, 'configFile') };
    case 'client_secret':
      return { tenantId: one(fields, 'tenantId'), clientId: one(fields, 'clientId'), clientSecret: one(fields, 'clientSecret'), cloud: one(fields, 'cloud') || undefined };
    default:
      return undefined;
  }
}

/**
 * The form's flat fields → the use case's input. `credentialForm` is the radio group: "default"
 * is the SDK's default chain (null), "keep" leaves what is stored, any other form sends its fields.
 * Fields the form did not render are left out, so an edit changes only what it shows.
 */
function providerFields(fields: Fields) {
  const credentials = credentialsFrom(fields, one(fields, 'credentialForm'));
  return {
    name: fields.name,
    ...(one(fields, 'endpoint') !== undefined && { endpoint: one(fields, 'endpoint') }),
    ...(one(fields, 'stsEndpoint') !== undefined && { stsEndpoint: one(fields, 'stsEndpoint') }),
    ...(one(fields, 'caBundle') !== undefined && { caBundle: one(fields, 'caBundle')?.trim() }),
    ...(credentials !== undefined && { credentials }),
  };
}

const FORM_SCHEMAS = {
  static: awsStaticCredentials,
  assume_role: awsAssumeRoleCredentials,
  web_identity: awsWebIdentityCredentials,
  profile: awsProfileCredentials,
  client_secret: azureClientSecretCredentials,
} as const;

/** A credential issue's form field: nested source keys have their own (sourceAccessKeyId, …). */
function fieldOf(path: readonly PropertyKey[]): string {
  const [first, second] = path.map(String);
  if (first === 'source' && second) return `source${second[0]!.toUpperCase()}${second.slice(1)}`;
  return first ?? 'credentials';
}

/** The use case reports credential problems under "credentials"; the form shows them next to each field. */
function withCredentialErrors<T>(result: ActionResult<T>, fields: Fields): ActionResult<T> {
  if (result.ok || !result.fieldErrors?.credentials) return result;
  const credentials = providerFields(fields).credentials;
  const schema = FORM_SCHEMAS[one(fields, 'credentialForm') as keyof typeof FORM_SCHEMAS];
  const parsed = credentials && schema ? schema.safeParse(credentials) : null;
  const fieldErrors = { ...result.fieldErrors };
  for (const issue of parsed?.error?.issues ?? []) (fieldErrors[fieldOf(issue.path)] ??= []).push(issue.message);
  return { ...result, fieldErrors };
}
