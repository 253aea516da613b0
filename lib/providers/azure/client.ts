import 'server-only';
import tls from 'node:tls';
import { ClientSecretCredential, DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { CryptographyClient, KeyClient, type KeyClientOptions, type KeyVaultKey } from '@azure/keyvault-keys';
import type { ProviderSettings } from '../contract';
import type { KeyAction } from './actions';
import { authorityOf, hostLabel, isAzureVaultHost, vaultUrlOf } from './endpoints';
import { toProviderError } from './errors';
import { createScrubber, type Scrubber } from './scrub';

/** An unreachable vault fails in seconds; a slow but live call still has room. */
export const REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 4_000;

export interface VaultClientOptions {
  /** SDK retries per call after the first attempt (default 2); the reconcile job retries beyond that. */
  maxRetries?: number;
  /** First retry delay (default 500 ms), doubled per retry up to 4 s. */
  retryDelayMs?: number;
}

/** Key Vault calls with every failure mapped to a scrubbed ProviderError naming the REST operation. */
export interface Vault {
  readonly url: string;
  readonly endpointLabel: string;
  readonly scrub: Scrubber;
  call<Output>(action: KeyAction, send: (keys: KeyClient) => Promise<Output>): Promise<Output>;
  /**
   * One attempt, no SDK retry: for calls that are not idempotent (importKey makes a new version
   * each time). A lost answer must surface as a retryable error so the caller's record-then-locate
   * path finds the version; an SDK retry would make a second one. A 429 still arrives as throttled.
   */
  callOnce<Output>(action: KeyAction, send: (keys: KeyClient) => Promise<Output>): Promise<Output>;
  /** A CryptographyClient for one fetched version (public-key operations the SDK cannot do locally go to the vault). */
  crypto<Output>(action: KeyAction, key: KeyVaultKey, send: (client: CryptographyClient) => Promise<Output>): Promise<Output>;
}

function pipelineOptions(settings: ProviderSettings, options: VaultClientOptions) {
  const retryDelayInMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  return {
    retryOptions: {
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      retryDelayInMs,
      maxRetryDelayInMs: Math.max(retryDelayInMs, MAX_RETRY_DELAY_MS),
    },
    // `ca` replaces the default roots, so the system's stay in the list next to the bundle.
    ...(settings.caBundle && { tlsOptions: { ca: [...tls.rootCertificates, settings.caBundle] } }),
  };
}

function credentialOf(settings: ProviderSettings, options: VaultClientOptions): TokenCredential {
  const shared = pipelineOptions(settings, options);
  const credentials = settings.credentials;
  if (credentials === null) {
    // The SDK reads AZURE_AUTHORITY_HOST itself; only a non-Azure authority needs instance discovery off.
    const fromEnvironment = process.env.AZURE_AUTHORITY_HOST;
    const custom = fromEnvironment ? authorityOf(fromEnvironment).custom : false;
    return new DefaultAzureCredential({ ...shared, ...(custom && { disableInstanceDiscovery: true }) });
  }
  if (credentials.form !== 'client_secret') throw new Error(`Azure providers take a client secret or none, not ${credentials.form}`);
  const { authorityHost, custom } = authorityOf(credentials.cloud);
  return new ClientSecretCredential(credentials.tenantId, credentials.clientId, credentials.clientSecret, {
    ...shared,
    authorityHost,
    ...(custom && { disableInstanceDiscovery: true }),
  });
}

type AdditionalPolicy = NonNullable<KeyClientOptions['additionalPolicies']>[number];

/** The SDK sets no timeout of its own: a vault that accepts the connection and never answers would hang the job. */
const timeoutPolicy: AdditionalPolicy = {
  position: 'perCall',
  policy: {
    name: 'keywardenRequestTimeout',
    sendRequest: (request, next) => {
      if (!request.timeout) request.timeout = REQUEST_TIMEOUT_MS;
      return next(request);
    },
  },
};

export function createVault(settings: ProviderSettings, options: VaultClientOptions = {}): Vault {
  const url = vaultUrlOf(settings);
  const credential = credentialOf(settings, options);
  const clientOptions: KeyClientOptions = {
    ...pipelineOptions(settings, options),
    additionalPolicies: [timeoutPolicy],
    // The challenge names vault.azure.net; only hosts outside Azure's vault domains need this off.
    ...(!isAzureVaultHost(url) && { disableChallengeResourceVerification: true }),
  };
  const keys = new KeyClient(url, credential, clientOptions);
  const once = new KeyClient(url, credential, { ...clientOptions, retryOptions: { ...clientOptions.retryOptions, maxRetries: 0 } });
  const scrub = createScrubber(settings.credentials?.form === 'client_secret' ? settings.credentials : null);
  const endpointLabel = hostLabel(url);
  const mapped = (action: KeyAction, error: unknown) => toProviderError(error, { action, scrub, endpoint: endpointLabel });
  return {
    url,
    endpointLabel,
    scrub,
    async call(action, send) {
      try {
        return await send(keys);
      } catch (error) {
        throw mapped(action, error);
      }
    },
    async callOnce(action, send) {
      try {
        return await send(once);
      } catch (error) {
        throw mapped(action, error);
      }
    },
    async crypto(action, key, send) {
      try {
        return await send(new CryptographyClient(key, credential, clientOptions));
      } catch (error) {
        throw mapped(action, error);
      }
    },
  };
}
