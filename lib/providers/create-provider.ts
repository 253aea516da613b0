import 'server-only';
import { randomUUID } from 'node:crypto';
import type { UseCaseContext } from '@/lib/auth/actor';
import { isUniqueViolation } from '@/lib/db/transaction';
import { DomainError } from '@/lib/errors';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import { sealCredentials } from './credentials';
import { credentialsFor } from './credential-forms';
import { createProviderInput } from './schemas';
import { PROVIDER_VIEW_SELECT, toProviderView } from './views';

export const createProviderOperation = defineOperation({
  id: 'provider.create',
  label: 'Create a provider',
  approvable: false,
  schema: createProviderInput,
  recorded: ['name', 'kind', 'keyCollection', 'endpoint', 'stsEndpoint'],
  target: (p) => `provider:${p.name}`,
  async execute(input, _prepared: undefined, tx) {
    const id = randomUUID();
    const credentials = input.credentials ? credentialsFor(input.kind, input.credentials) : null;
    try {
      const row = await tx.provider.create({
        data: {
          id,
          name: input.name,
          kind: input.kind,
          keyCollection: input.keyCollection,
          endpoint: input.endpoint ?? null,
          stsEndpoint: input.stsEndpoint ?? null,
          caBundle: input.caBundle ?? null,
          credentialForm: credentials?.form ?? null,
          sealedCredentials: credentials ? sealCredentials(id, credentials) : null,
        },
        select: PROVIDER_VIEW_SELECT,
      });
      return toProviderView(row);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new DomainError('conflict', `A provider named "${input.name}" already exists.`, { name: ['This name is taken.'] });
      }
      throw err;
    }
  },
  resultRecord: (view) => ({ credentials: view.credentials?.form ?? 'default chain', caBundle: view.caBundle }),
});

export const createProvider = (input: unknown, ctx: UseCaseContext) => perform(createProviderOperation, input, ctx);
