import 'server-only';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';
import { KMSClient } from '@aws-sdk/client-kms';
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials, fromTokenFile, fromWebToken } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ProviderError, type AwsCredentials, type ProviderSettings } from '../contract';
import { CredentialsFailure, toProviderError } from './errors';
import { createScrubber, type Scrubber } from './scrub';
import { runTokenCommand } from './token-command';

/** An unreachable endpoint fails in seconds; a slow but live KMS call still has room. */
export const CONNECTION_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 30_000;
export const METADATA_TIMEOUT_MS = 2_000;

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

function hostLabel(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.hostname}:${url.port || (url.protocol === 'http:' ? '80' : '443')}`;
  } catch {
    return endpoint;
  }
}

export function endpointLabel(settings: ProviderSettings): string {
  return settings.endpoint ? hostLabel(settings.endpoint) : `kms.${settings.keyCollection}.amazonaws.com:443`;
}

export function stsEndpointLabel(settings: ProviderSettings): string {
  const endpoint = settings.stsEndpoint ?? process.env.AWS_ENDPOINT_URL_STS ?? process.env.AWS_ENDPOINT_URL;
  return endpoint ? hostLabel(endpoint) : `sts.${settings.keyCollection}.amazonaws.com:443`;
}

/**
 * The PEM trusted for KMS and STS besides the system's: the provider's bundle, else the file named
 * by AWS_CA_BUNDLE (which the JS SDK itself ignores), else none. A bundle file that cannot be read
 * is an error of every call, never a silent fallback to system trust only.
 */
export function trustedCa(settings: ProviderSettings, env: NodeJS.ProcessEnv = process.env): { ca: string | null; error?: ProviderError } {
  if (settings.caBundle) return { ca: settings.caBundle };
  const file = env.AWS_CA_BUNDLE;
  if (!file) return { ca: null };
  try {
    return { ca: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { ca: null, error: new ProviderError('CaBundleUnreadable', `AWS_CA_BUNDLE names ${file}, which cannot be read (${code}).`, { retryable: false }) };
  }
}

const defaultSessionName = (settings: ProviderSettings) => `keywarden-${settings.name}`.slice(0, 64);

type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** Marks a credential provider's failures with the step that failed, so errors.ts can say which. */
function labelled(step: string, permission: string | undefined, provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  return async (props) => {
    try {
      return await provider(props);
    } catch (error) {
      // The innermost step names what failed (the chain under an AssumeRole, say).
      throw error instanceof CredentialsFailure ? error : new CredentialsFailure(step, permission, error);
    }
  };
}

/**
 * The credentials of a provider, built only from @aws-sdk/credential-providers. STS calls (roles,
 * web identity, the chain's role steps) go to the provider's STS endpoint, else the SDK's choice
 * (AWS_ENDPOINT_URL_STS, then sts.<region>.amazonaws.com), with the same CA trust as KMS.
 */
function credentialsOf(settings: ProviderSettings, handler: () => NodeHttpHandler): Credentials {
  const clientConfig = {
    region: settings.keyCollection,
    ...(settings.stsEndpoint && { endpoint: settings.stsEndpoint }),
    requestHandler: handler(),
  };
  const credentials = settings.credentials as AwsCredentials | null;
  // Metadata endpoints get 2 s and one retry (the SDK's 1 s and none give up on a busy host);
  // shared files are read afresh by each new client (the SDK caches them for the process's life).
  const chain = () => fromNodeProviderChain({ clientConfig, timeout: METADATA_TIMEOUT_MS, maxRetries: 1, ignoreCache: true });
  if (credentials === null) return labelled('the default credential chain', undefined, chain());
  switch (credentials.form) {
    case 'static':
      return {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        ...(credentials.sessionToken && { sessionToken: credentials.sessionToken }),
      };
    case 'assume_role': {
      const source = credentials.source;
      const masterCredentials =
        source === 'default_chain'
          ? labelled('the default credential chain (the source of AssumeRole)', undefined, chain())
          : { accessKeyId: source.accessKeyId, secretAccessKey: source.secretAccessKey, ...(source.sessionToken && { sessionToken: source.sessionToken }) };
      return labelled(
        `AssumeRole for ${credentials.roleArn}`,
        'sts:AssumeRole',
        fromTemporaryCredentials({
          params: {
            RoleArn: credentials.roleArn,
            RoleSessionName: credentials.sessionName ?? defaultSessionName(settings),
            ...(credentials.externalId && { ExternalId: credentials.externalId }),
          },
          masterCredentials,
          clientConfig,
        }),
      );
    }
    case 'web_identity': {
      const step = `AssumeRoleWithWebIdentity for ${credentials.roleArn}`;
      const roleSessionName = credentials.sessionName ?? defaultSessionName(settings);
      if (credentials.tokenFile) {
        return labelled(step, 'sts:AssumeRoleWithWebIdentity', fromTokenFile({ webIdentityTokenFile: credentials.tokenFile, roleArn: credentials.roleArn, roleSessionName, clientConfig }));
      }
      const command = credentials.tokenCommand ?? '';
      // The command runs at every refresh, so a short-lived token is fetched fresh each time.
      return labelled(step, 'sts:AssumeRoleWithWebIdentity', async (props) =>
        fromWebToken({ roleArn: credentials.roleArn, roleSessionName, webIdentityToken: await runTokenCommand(command), clientConfig })(props),
      );
    }
    case 'profile':
      return labelled(
        `profile ${credentials.profile}`,
        undefined,
        fromIni({
          profile: credentials.profile,
          ...(credentials.credentialsFile && { filepath: credentials.credentialsFile }),
          ...(credentials.configFile && { configFilepath: credentials.configFile }),
          ignoreCache: true,
          clientConfig,
        }),
      );
    default:
      throw new Error(`AWS providers take static, assume_role, web_identity or profile credentials, or none, not ${(credentials as { form: string }).form}`);
  }
}

function kmsClient(settings: ProviderSettings, credentials: Credentials, handler: () => NodeHttpHandler, maxAttempts: number | undefined): KMSClient {
  return new KMSClient({
    region: settings.keyCollection,
    ...(settings.endpoint && { endpoint: settings.endpoint }),
    credentials,
    ...(maxAttempts !== undefined && { maxAttempts }),
    // Client-side rate limiting that backs off on throttling (AWS caps control-plane calls per
    // account and region): every version a job imports shares this client, so it paces them all.
    retryMode: 'adaptive',
    requestHandler: handler(),
  });
}

export function createKms(settings: ProviderSettings, options: { maxAttempts?: number } = {}): Kms {
  const trust = trustedCa(settings);
  // One agent for KMS and STS: the same trust, and connections reused across both clients' calls.
  const agent = trust.ca ? new https.Agent({ keepAlive: true, ca: [...tls.rootCertificates, trust.ca] }) : undefined;
  const handler = () =>
    new NodeHttpHandler({
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
      ...(agent && { httpsAgent: agent }),
    });
  const credentials = credentialsOf(settings, handler);
  const client = kmsClient(settings, credentials, handler, options.maxAttempts);
  const once = kmsClient(settings, credentials, handler, 1);
  const scrub = createScrubber((settings.credentials as AwsCredentials | null) ?? null);
  const label = endpointLabel(settings);
  const stsLabel = stsEndpointLabel(settings);
  const mapped = async <Output>(action: string, run: () => Promise<Output>): Promise<Output> => {
    if (trust.error) throw trust.error;
    try {
      return await run();
    } catch (error) {
      throw toProviderError(error, { action, scrub, endpoint: label, stsEndpoint: stsLabel });
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
