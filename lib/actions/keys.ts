'use server';
import { revalidatePath } from 'next/cache';
import { requireContext } from '@/lib/auth/session';
import { createKey } from '@/lib/keys/create-key';
import { deleteKey } from '@/lib/keys/delete-key';
import { rotateKey } from '@/lib/keys/rotate-key';
import { updateKeyConfig } from '@/lib/keys/update-key-config';
import { updateKeyDetails } from '@/lib/keys/update-key-details';
import { DomainError } from '@/lib/errors';
import { describePerformed } from './performed';
import { formFields, isTextArgument, toActionResult, wrongArguments } from './result';

export async function createKeyAction(_prev: unknown, form: FormData) {
  if (!(form instanceof FormData)) return wrongArguments();
  return toActionResult(
    async () => createKey(formFields(form), await requireContext()),
    (p) => describePerformed(p, (key) => `Key "${key.name}" created with version 1.`),
  );
}

export async function rotateKeyAction(name: string) {
  if (!isTextArgument(name)) return wrongArguments();
  const result = await toActionResult(
    async () => rotateKey({ name }, await requireContext()),
    (p) => describePerformed(p, (key) => `Rotated "${key.name}" to version ${key.latestVersion}.`),
  );
  revalidatePath(`/keys/${name}`);
  return result;
}

export async function updateKeyConfigAction(_prev: unknown, form: FormData) {
  if (!(form instanceof FormData)) return wrongArguments();
  const result = await toActionResult(
    async () => updateKeyConfig(formFields(form), await requireContext()),
    (changes) =>
      changes.length === 0
        ? 'Nothing to change: the settings are as they were.'
        : changes.map((c) => describePerformed(c.outcome, () => `Saved ${c.setting}.`)).join(' '),
  );
  revalidatePath(`/keys/${String(form.get('name'))}`);
  return result;
}

export async function updateKeyDetailsAction(_prev: unknown, form: FormData) {
  if (!(form instanceof FormData)) return wrongArguments();
  const result = await toActionResult(
    async () => updateKeyDetails(formFields(form), await requireContext()),
    (p) => describePerformed(p, (u) => (u.changed.length === 0 ? 'Nothing to change: the details are as they were.' : `Saved ${u.changed.join(', ')}.`)),
  );
  revalidatePath(`/keys/${String(form.get('name'))}`);
  return result;
}

/** The typed confirmation is checked here too, not only in the dialog. */
export async function deleteKeyAction(name: string, confirmation: string) {
  if (!isTextArgument(name) || !isTextArgument(confirmation)) return wrongArguments();
  return toActionResult(
    async () => {
      const ctx = await requireContext();
      if (confirmation !== name) {
        throw new DomainError('invalid_input', `Type the key's name, "${name}", to confirm.`, {
          confirmation: ['The name does not match.'],
        });
      }
      return deleteKey({ name }, ctx);
    },
    (p) => describePerformed(p, () => `Key "${name}" deleted.`),
  );
}
