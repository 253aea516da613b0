import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { DomainError } from '@/lib/errors';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import type { ProviderKind } from './capabilities';
import { sealCredentials } from './credentials';
import { credentialsFor } from './credential-forms';
import { lockProvider } from './lock-provider';
import { updateProviderInput } from './schemas';
import { PROVIDER_VIEW_SELECT, toProviderView } from './views';

/** Endpoint, STS endpoint, CA bundle and credentials change; kind and key_collection never do (a trigger holds that too). */
export const updateProviderOperation = defineOperation({
  id: 'provider.update',
  label: 'Update a provider',
  approvable: false,
  schema: updateProviderInput,
  recorded: ['name', 'endpoint', 'stsEndpoint'],
  target: (p) => `provider:${p.name}`,
  async execute({ name, endpoint, stsEndpoint, caBundle, credentials }, _prepared: undefined, tx) {
    const provider = await lockProvider(tx, name);
    if (stsEndpoint && provider.kind !== 'awskms') {
      throw new DomainError('invalid_input', 'Only awskms providers have an STS endpoint.', { stsEndpoint: ['Only awskms providers have an STS endpoint.'] });
    }
    const replaced = credentials ? credentialsFor(provider.kind as ProviderKind, credentials) : credentials;
    const row = await tx.provider.update({
      where: { id: provider.id },
      data: {
        ...(endpoint !== undefined && { endpoint }),
        ...(stsEndpoint !== undefined && { stsEndpoint }),
        ...(caBundle !== undefined && { caBundle }),
        ...(replaced !== undefined && {
          credentialForm: replaced?.form ?? null,
          sealedCredentials: replaced ? sealCredentials(provider.id, replaced) : null,
        }),
        updatedAt: new Date(),
      },
      select: PROVIDER_VIEW_SELECT,
    });
    const changed: Record<string, unknown> = {};
    if (caBundle !== undefined) changed.caBundle = caBundle === null ? 'cleared' : 'replaced';
    if (replaced !== undefined) changed.credentials = replaced ? `replaced (${replaced.form})` : 'cleared: default chain';
    return { ...toProviderView(row), changed };
  },
  resultRecord: (r) => r.changed,
});

export const updateProvider = (input: unknown, ctx: UseCaseContext) => perform(updateProviderOperation, input, ctx);
