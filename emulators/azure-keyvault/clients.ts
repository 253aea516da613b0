/** The app registrations Entra knows: tenant, client id and secret. */
export interface ClientRegistration {
  tenantId?: string;
  clientId: string;
  clientSecret: string;
}

export const DEFAULT_TENANT_ID = '11111111-1111-4111-8111-111111111111';
export const DEFAULT_CLIENT: Required<ClientRegistration> = {
  tenantId: DEFAULT_TENANT_ID,
  clientId: '22222222-2222-4222-8222-222222222222',
  clientSecret: 'keywarden-demo-secret',
};
/** The managed identity's client id and the App Service endpoint's shared header. */
export const DEFAULT_MANAGED_IDENTITY_CLIENT_ID = '33333333-3333-4333-8333-333333333333';
export const DEFAULT_IDENTITY_HEADER = 'keywarden-demo-identity-header';

/** Parses the CLI form CLIENT_ID:SECRET or TENANT/CLIENT_ID:SECRET. */
export function parseClient(spec: string): ClientRegistration {
  const colon = spec.indexOf(':');
  if (colon <= 0 || colon === spec.length - 1) throw new Error(`client "${spec}" must look like [TENANT/]CLIENT_ID:SECRET`);
  const who = spec.slice(0, colon);
  const clientSecret = spec.slice(colon + 1);
  const slash = who.indexOf('/');
  return slash < 0 ? { clientId: who, clientSecret } : { tenantId: who.slice(0, slash), clientId: who.slice(slash + 1), clientSecret };
}
