import 'server-only';
import https from 'node:https';
import tls from 'node:tls';
import { KMSClient } from '@aws-sdk/client-kms';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ProviderSettings } from '../contract';
import { toProviderError } from './errors';
import { createScrubber, type Scrubber } from './scrub';

/** An unreachable endpoint fails in seconds; a slow but live KMS call still has room. */
export const CONNECTION_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 30_000;

/** KMS calls with every failure mapped to a scrubbed ProviderError naming the action. */
export interface Kms {
  readonly region: string;
  readonly endpointLabel: string;
  readonly scrub: Scrubber;
  call<Output>(action: string, send: (client: KMSClient) => Promise<Output>): Promise<Output>;
  /**
   * One attempt, no SDK retry: for calls that are not idempotent (CreateKey). A lost answer must
   * surface as a retryable error so the caller's record-then-locate path finds the copy; an SDK
   * retry would make a second one. Throttling still arrives as a throttled ProviderError.
   */
  callOnce<Output>(action: string, send: (client: KMSClient) => Promise<Output>): Promise<Output>;
}

export function endpointLabel(settings: ProviderSettings): string {
  if (!settings.endpoint) return `kms.${settings.keyCollection}.amazonaws.com:443`;
  try {
    const url = new URL(settings.endpoint);
    return `${url.hostname}:${url.port || (url.protocol === 'http:' ? '80' : '443')}`;
  } catch {
    return settings.endpoint;
  }
}

function credentialsOf(settings: ProviderSettings) {
  const credentials = settings.credentials;
  if (credentials === null) return fromNodeProviderChain({ clientConfig: { region: settings.keyCollection } });
  if (credentials.form !== 'static') throw new Error(`AWS providers take static credentials or none, not ${credentials.form}`);
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken && { sessionToken: credentials.sessionToken }),
  };
}

function kmsClient(settings: ProviderSettings, credentials: ReturnType<typeof credentialsOf>, maxAttempts: number | undefined): KMSClient {
  const caBundle = settings.caBundle;
  return new KMSClient({
    region: settings.keyCollection,
    ...(settings.endpoint && { endpoint: settings.endpoint }),
    credentials,
    ...(maxAttempts !== undefined && { maxAttempts }),
    // Client-side rate limiting that backs off on throttling (AWS caps control-plane calls per
    // account and region): every version a job imports shares this client, so it paces them all.
    retryMode: 'adaptive',
    requestHandler: new NodeHttpHandler({
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
      ...(caBundle && { httpsAgent: new https.Agent({ keepAlive: true, ca: [...tls.rootCertificates, caBundle] }) }),
    }),
  });
}

export function createKms(settings: ProviderSettings, options: { maxAttempts?: number } = {}): Kms {
  const credentials = credentialsOf(settings);
  const client = kmsClient(settings, credentials, options.maxAttempts);
  const once = kmsClient(settings, credentials, 1);
  const scrub = createScrubber(settings.credentials?.form === 'static' ? settings.credentials : null);
  const label = endpointLabel(settings);
  const mapped = async <Output>(action: string, run: () => Promise<Output>): Promise<Output> => {
    try {
      return await run();
    } catch (error) {
      throw toProviderError(error, { action, scrub, endpoint: label });
    }
  };
  return {
    region: settings.keyCollection,
    endpointLabel: label,
    scrub,
    call: (action, send) => mapped(action, () => send(client)),
    callOnce: (action, send) => mapped(action, () => send(once)),
  };
}
