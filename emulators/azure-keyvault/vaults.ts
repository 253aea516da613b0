import { badParameter, VaultError } from './errors';

/** API versions this vault serves; the SDK 4.10.2 sends the newest. */
export const API_VERSIONS = ['7.5', '7.6', '2025-07-01'];
export const LATEST_API_VERSION = '2025-07-01';
/** First path segments that belong to the vault (the rest of the origin serves Entra). */
export const VAULT_COLLECTIONS = ['keys', 'deletedkeys', 'rng', 'secrets', 'deletedsecrets', 'certificates', 'deletedcertificates'];
const VAULT_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

export function checkVaultName(name: string): void {
  if (!VAULT_NAME.test(name) || name.includes('--')) {
    throw new Error(`vault name "${name}" must be 3-24 letters, digits and single hyphens, starting with a letter`);
  }
}

export function checkApiVersion(query: URLSearchParams): string {
  const version = query.get('api-version');
  if (version === null || version === '') throw badParameter('The api-version query parameter is required.');
  if (!API_VERSIONS.includes(version)) {
    throw badParameter(`The specified version (${version}) is not recognized. Consider using the latest supported version (${LATEST_API_VERSION}).`);
  }
  return version;
}

/** `<vault>.localhost[:port]` chooses that vault on any port; any other host gets the port's vault. */
export function vaultOfHost(host: string | undefined, vaults: string[], fallback: string): string {
  const hostname = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  const match = /^([a-z0-9-]+)\.localhost$/.exec(hostname);
  const named = match && vaults.find((v) => v.toLowerCase() === match[1]);
  return named ?? fallback;
}

export const notFoundRoute = (path: string) =>
  new VaultError(404, 'NotFound', `The requested path ${path} does not name a Key Vault resource.`);
