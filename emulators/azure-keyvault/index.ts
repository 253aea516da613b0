/** Public surface: the server for launchers and tests, and the demo identities. */
export {
  DEFAULT_IDENTITY_PORT,
  DEFAULT_PORT,
  DEFAULT_VAULT,
  startAzureKeyVaultEmulator,
  type AzureKeyVaultEmulator,
  type AzureKeyVaultEmulatorOptions,
} from './server';
export { DEFAULT_CLIENT, DEFAULT_IDENTITY_HEADER, DEFAULT_MANAGED_IDENTITY_CLIENT_ID, DEFAULT_TENANT_ID, type ClientRegistration } from './clients';
export { API_VERSIONS, LATEST_API_VERSION } from './vaults';
export { parseFault, type Fault, type FaultKind } from './faults';
export type { RecoveryLevel } from './state';
