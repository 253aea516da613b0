'use server';
import { revalidatePath } from 'next/cache';
import { requireContext } from '@/lib/auth/session';
import { DomainError } from '@/lib/errors';
import { createProvider } from '@/lib/providers/create-provider';
import { deleteProvider } from '@/lib/providers/delete-provider';
import { awsStaticCredentials, azureClientSecretCredentials } from '@/lib/providers/schemas';
import { testProvider } from '@/lib/providers/test-provider';
import { updateProvider } from '@/lib/providers/update-provider';
import { describePerformed } from './performed';
import { formFields, toActionResult, type ActionResult } from './result';

export async function createProviderAction(_prev: unknown, form: unknown) {
  const fields = formFields(form);
  const result = await toActionResult(
    async () => createProvider({ ...providerFields(fields), kind: fields.kind, keyCollection: fields.keyCollection }, await requireContext()),
    (p) => describePerformed(p, (provider) => `Provider "${provider.name}" created.`),
  );
  revalidatePath('/providers');
  return withCredentialErrors(result, fields);
}

export async function updateProviderAction(_prev: unknown, form: unknown) {
  const fields = formFields(form);
  const result = await toActionResult(
    async () => updateProvider(providerFields(fields), await requireContext()),
    (p) => describePerformed(p, (provider) => `Provider "${provider.name}" saved.`),
  );
  revalidatePath(`/providers/${String(fields.name)}`);
  return withCredentialErrors(result, fields);
}

export async function testProviderAction(name: unknown) {
  return toActionResult(async () => testProvider({ name }, await requireContext()));
}

/** The typed confirmation is checked here too, not only in the dialog. */
export async function deleteProviderAction(name: string, confirmation: string) {
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

/**
 * The form's flat fields → the use case's input. `credentialForm` is the radio group: "default"
 * is the SDK's default chain (null), "keep" leaves what is stored, any other form sends its fields.
 * Fields the form did not render are left out, so an edit changes only what it shows.
 */
function providerFields(fields: Fields) {
  const form = one(fields, 'credentialForm');
  const credentials =
    form === 'default' ? null
    : form === 'static' ? { accessKeyId: one(fields, 'accessKeyId'), secretAccessKey: one(fields, 'secretAccessKey'), sessionToken: one(fields, 'sessionToken') }
    : form === 'client_secret' ? { tenantId: one(fields, 'tenantId'), clientId: one(fields, 'clientId'), clientSecret: one(fields, 'clientSecret'), cloud: one(fields, 'cloud') || undefined }
    : undefined;
  return {
    name: fields.name,
    ...(one(fields, 'endpoint') !== undefined && { endpoint: one(fields, 'endpoint') }),
    ...(one(fields, 'caBundle') !== undefined && { caBundle: one(fields, 'caBundle')?.trim() }),
    ...(credentials !== undefined && { credentials }),
  };
}

/** The use case reports credential problems under "credentials"; the form shows them next to each field. */
function withCredentialErrors<T>(result: ActionResult<T>, fields: Fields): ActionResult<T> {
  if (result.ok || !result.fieldErrors?.credentials) return result;
  const credentials = providerFields(fields).credentials;
  const schema = one(fields, 'credentialForm') === 'client_secret' ? azureClientSecretCredentials : awsStaticCredentials;
  const parsed = credentials ? schema.safeParse(credentials) : null;
  const fieldErrors = { ...result.fieldErrors };
  for (const issue of parsed?.error?.issues ?? []) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
  return { ...result, fieldErrors };
}
