import { DomainError } from '@/lib/errors';
import type { ProviderKind } from './capabilities';
import type { ProviderCredentials } from './contract';

/** Validated credential fields → the stored credential form, checked against the provider's kind. */
export function credentialsFor(kind: ProviderKind, fields: object): ProviderCredentials {
  if (kind === 'awskms' && 'accessKeyId' in fields) {
    const { accessKeyId, secretAccessKey, sessionToken } = fields as { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    return { form: 'static', accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) };
  }
  if (kind === 'azurekeyvault' && 'tenantId' in fields) {
    const { tenantId, clientId, clientSecret, cloud } = fields as { tenantId: string; clientId: string; clientSecret: string; cloud?: string };
    return { form: 'client_secret', tenantId, clientId, clientSecret, ...(cloud && { cloud }) };
  }
  const expected = kind === 'awskms' ? 'accessKeyId and secretAccessKey' : 'tenantId, clientId and clientSecret';
  throw new DomainError('invalid_input', `Credentials for a ${kind} provider are ${expected}.`, { credentials: [`Give ${expected}.`] });
}
