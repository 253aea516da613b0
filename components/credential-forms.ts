import type { ProviderKind } from '@/lib/providers/capabilities';

interface CredentialForm {
  form: string;
  label: string;
  hint: string;
}

/**
 * The credential forms each kind accepts, keyed by form ("default": the SDK's own chain). More
 * forms (web identity, certificates, managed identity by client id) join these lists later.
 */
export const CREDENTIAL_FORMS: Record<ProviderKind, CredentialForm[]> = {
  awskms: [
    { form: 'default', label: 'SDK default chain', hint: 'Environment variables, the shared credentials file, web identity, or the container or instance role.' },
    { form: 'static', label: 'Access key', hint: 'An IAM access key id and secret access key, with an optional session token.' },
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
