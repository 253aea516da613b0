'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { DomainError } from '@/lib/errors';
import { createKey } from '@/lib/keys/create-key';
import { deleteKey } from '@/lib/keys/delete-key';
import { rotateKey } from '@/lib/keys/rotate-key';
import { updateKeyConfig } from '@/lib/keys/update-key-config';
import { toActionResult, type ActionResult } from './result';

const formFields = (form: FormData) => Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'));

export async function createKeyAction(_prev: unknown, form: FormData) {
  const input = formFields(form);
  return toActionResult(
    async () => createKey(input, { actor: await requireActor() }),
    (key) => `Key "${key.name}" created with version 1.`,
  );
}

export async function rotateKeyAction(name: string) {
  const result = await toActionResult(
    async () => rotateKey({ name }, { actor: await requireActor() }),
    (key) => `Rotated "${key.name}" to version ${key.latestVersion}.`,
  );
  if (result.ok) revalidatePath(`/keys/${name}`);
  return result;
}

export async function updateKeyConfigAction(_prev: unknown, form: FormData) {
  const input = formFields(form);
  const result = await toActionResult(
    async () => updateKeyConfig(input, { actor: await requireActor() }),
    (key) => `Saved "${key.name}": min_enabled_version ${key.minEnabledVersion}, deletion ${key.deletionAllowed ? 'allowed' : 'not allowed'}.`,
  );
  if (result.ok) revalidatePath(`/keys/${result.data.name}`);
  return result;
}

/** The typed confirmation is checked here too, not only in the dialog. */
export async function deleteKeyAction(name: string, confirmation: string): Promise<ActionResult<{ name: string }>> {
  return toActionResult(async () => {
    const actor = await requireActor();
    if (confirmation !== name) {
      throw new DomainError('invalid_input', `Type the key's name, "${name}", to confirm.`, {
        confirmation: ['The name does not match.'],
      });
    }
    return deleteKey({ name }, { actor });
  });
}
