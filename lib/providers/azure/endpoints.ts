import 'server-only';
import { AzureAuthorityHosts } from '@azure/identity';
import type { ProviderSettings } from '../contract';

/** Vault DNS suffix per cloud, for a key collection given as a bare vault name. */
const VAULT_SUFFIXES: Record<string, string> = {
  public: 'vault.azure.net',
  usgov: 'vault.usgovcloudapi.net',
  china: 'vault.azure.cn',
};

const AUTHORITY_HOSTS: Record<string, string> = {
  public: AzureAuthorityHosts.AzurePublicCloud,
  usgov: AzureAuthorityHosts.AzureGovernment,
  china: AzureAuthorityHosts.AzureChina,
};

/** Azure's own vault and Managed HSM domains: the SDK's challenge verification holds for these. */
const AZURE_VAULT_DOMAINS = [
  'vault.azure.net',
  'vault.azure.cn',
  'vault.usgovcloudapi.net',
  'vault.microsoftazure.de',
  'managedhsm.azure.net',
  'managedhsm.azure.cn',
  'managedhsm.usgovcloudapi.net',
  'managedhsm.microsoftazure.de',
];

const VAULT_NAME = /^[A-Za-z0-9-]{1,127}$/;

function cloudOf(settings: ProviderSettings): string {
  return settings.credentials?.form === 'client_secret' ? (settings.credentials.cloud ?? 'public') : 'public';
}

/** The vault URL without a trailing slash: endpoint override, else a full URL, else a vault name in the credential's cloud. */
export function vaultUrlOf(settings: ProviderSettings): string {
  const explicit = settings.endpoint ?? (/^https?:\/\//i.test(settings.keyCollection) ? settings.keyCollection : null);
  if (explicit) return explicit.replace(/\/+$/, '');
  if (!VAULT_NAME.test(settings.keyCollection)) throw new Error(`"${settings.keyCollection}" is neither a vault name nor a vault URL`);
  const suffix = VAULT_SUFFIXES[cloudOf(settings)] ?? VAULT_SUFFIXES.public;
  return `https://${settings.keyCollection.toLowerCase()}.${suffix}`;
}

export function isAzureVaultHost(vaultUrl: string): boolean {
  const host = new URL(vaultUrl).hostname.toLowerCase();
  return AZURE_VAULT_DOMAINS.some((domain) => host.endsWith(`.${domain}`));
}

/** The authority host for a cloud word or a custom https URL; `custom` asks for instance discovery to be off. */
export function authorityOf(cloud: string | undefined): { authorityHost: string; custom: boolean } {
  const word = (cloud ?? 'public').trim();
  const known = AUTHORITY_HOSTS[word.toLowerCase()];
  if (known) return { authorityHost: known, custom: false };
  if (/^https:\/\//i.test(word)) return { authorityHost: word.replace(/\/+$/, ''), custom: true };
  throw new Error(`Unknown Azure cloud "${word}": use public, usgov, china or an https authority host URL`);
}

export function hostLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '443'}`;
  } catch {
    return url;
  }
}
