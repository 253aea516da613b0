'use server';
import { revalidatePath } from 'next/cache';
import { requireContext } from '@/lib/auth/session';
import { distributeKey } from '@/lib/distribution/distribute-key';
import { removeFromProvider } from '@/lib/distribution/remove-from-provider';
import { retryDistribution } from '@/lib/distribution/retry-distribution';
import { DomainError } from '@/lib/errors';
import { describePerformed } from './performed';
import { formFields, toActionResult } from './result';

export async function distributeKeyAction(_prev: unknown, form: unknown) {
  const fields = formFields(form);
  // An AWS purpose set arrives as one radio value ("encrypt+decrypt"); Azure's checkboxes as several.
  const purposes = [fields.purposes ?? []].flat().flatMap((p) => p.split('+')).filter(Boolean);
  const result = await toActionResult(
    async () => distributeKey({ ...fields, purposes }, await requireContext()),
    (p) => describePerformed(p, (d) => `Distributing "${d.key}" to "${d.provider}": ${d.versions === 1 ? 'version 1' : `${d.versions} versions`} to import.`),
  );
  revalidatePath(`/keys/${String(fields.key)}`);
  return result;
}

/** The typed confirmation (the key's name) is checked here too, not only in the dialog. */
export async function removeFromProviderAction(input: unknown) {
  // Whatever shape arrives (server actions are public endpoints), the use case validates it.
  const { confirmation, ...rest } = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const key = typeof rest.key === 'string' ? rest.key : '';
  const result = await toActionResult(
    async () => {
      const ctx = await requireContext();
      if (typeof confirmation !== 'string' || confirmation !== key) {
        throw new DomainError('invalid_input', `Type the key's name, "${key}", to confirm.`, { confirmation: ['The name does not match.'] });
      }
      return removeFromProvider(rest, ctx);
    },
    (p) => describePerformed(p, () => `Removing "${key}" from "${String(rest.provider)}".`),
  );
  if (key) revalidatePath(`/keys/${encodeURIComponent(key)}`);
  return result;
}

export async function retryDistributionAction(provider: unknown, key: unknown) {
  return toActionResult(
    async () => retryDistribution({ provider, key }, await requireContext()),
    (p) => describePerformed(p, () => `Retrying "${key}" in "${provider}" now.`),
  );
}
