'use server';
import { revalidatePath } from 'next/cache';
import { requireContext } from '@/lib/auth/session';
import { distributeKey } from '@/lib/distribution/distribute-key';
import { removeFromProvider } from '@/lib/distribution/remove-from-provider';
import { retryDistribution } from '@/lib/distribution/retry-distribution';
import { DomainError } from '@/lib/errors';
import { describePerformed } from './performed';
import { formFields, isPlainObject, isTextArgument, toActionResult, wrongArguments } from './result';

export async function distributeKeyAction(_prev: unknown, form: FormData) {
  if (!(form instanceof FormData)) return wrongArguments();
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
export async function removeFromProviderAction(input: { provider: string; key: string; confirmation: string; pendingWindowDays?: number | string; purge?: boolean | string }) {
  if (!isPlainObject(input) || !isTextArgument(input.key) || !isTextArgument(input.provider) || !isTextArgument(input.confirmation)) {
    return wrongArguments();
  }
  // The use case validates the rest (the pending window, purge).
  const { confirmation, ...rest } = input;
  const key = rest.key;
  const result = await toActionResult(
    async () => {
      const ctx = await requireContext();
      if (confirmation !== key) {
        throw new DomainError('invalid_input', `Type the key's name, "${key}", to confirm.`, { confirmation: ['The name does not match.'] });
      }
      return removeFromProvider(rest, ctx);
    },
    (p) => describePerformed(p, () => `Removing "${key}" from "${rest.provider}".`),
  );
  revalidatePath(`/keys/${encodeURIComponent(key)}`);
  return result;
}

export async function retryDistributionAction(provider: string, key: string) {
  if (!isTextArgument(provider) || !isTextArgument(key)) return wrongArguments();
  return toActionResult(
    async () => retryDistribution({ provider, key }, await requireContext()),
    (p) => describePerformed(p, () => `Retrying "${key}" in "${provider}" now.`),
  );
}
