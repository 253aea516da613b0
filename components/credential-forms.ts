import type { ProviderKind } from '@/lib/providers/capabilities';

interface CredentialForm {
  form: string;
  label: string;
  hint: string;
}

/**
 * The credential forms each kind accepts, keyed by form ("default": the SDK's own chain). More
 * forms (Azure certificates, managed identity by client id) join these lists later.
 */
export const CREDENTIAL_FORMS: Record<ProviderKind, CredentialForm[]> = {
  awskms: [
    {
      form: 'default',
      label: 'SDK default chain',
      hint: 'Environment variables, then the shared credentials file, then web identity, then the container or instance role.',
    },
    { form: 'static', label: 'Access key', hint: 'An IAM access key id and secret access key, with an optional session token.' },
    { form: 'assume_role', label: 'Role to assume', hint: 'sts:AssumeRole on a role ARN (optional external id), signed with the default chain or with an access key.' },
    { form: 'web_identity', label: 'Web identity', hint: 'An OIDC token from a file or a command, exchanged by sts:AssumeRoleWithWebIdentity: no stored secret.' },
    { form: 'profile', label: 'Named profile', hint: 'A profile of a shared credentials or config file on the server.' },
  ],
  azurekeyvault: [
    { form: 'default', label: 'DefaultAzureCredential', hint: 'Environment variables, workload identity, managed identity, or the Azure CLI sign-in.' },
    { form: 'client_secret', label: 'Client secret', hint: 'A service principal: tenant id, client id and client secret.' },
  ],
};

/** Which form is stored, in words: never a value. */
export function credentialLabel(kind: ProviderKind, credentials: { form: string } | null): string {
  if (!credentials) return 'default chain';
  return CREDENTIAL_FORMS[kind].find((f) => f.form === credentials.form)?.label.toLowerCase() ?? credentials.form;
}
