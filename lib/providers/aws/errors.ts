import 'server-only';
import { KMSServiceException } from '@aws-sdk/client-kms';
import { ProofMismatchError, ProviderError } from '../contract';
import type { Scrubber } from './scrub';

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown']);
const TRANSIENT = new Set(['KMSInternalException', 'DependencyTimeoutException', 'KeyUnavailableException', 'InternalFailure', 'ServiceUnavailable']);
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied']);
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};
const DROP_CODES: Record<string, string> = {
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ECONNABORTED: 'connection aborted',
};

export interface ErrorContext {
  /** The KMS action that failed, e.g. ImportKeyMaterial. */
  action: string;
  scrub: Scrubber;
  /** host:port, for messages about the network. */
  endpoint: string;
}

/** The refused permission as AWS names it ("… is not authorized to perform: kms:ListKeys on …"), else the failed call's. */
export function refusedPermission(message: string, action: string): string {
  return /not authorized to perform:?\s*(kms:[A-Za-z]+)/.exec(message)?.[1] ?? `kms:${action}`;
}

function isThrottling(name: string, message: string): boolean {
  return THROTTLING.has(name) || (name === 'LimitExceededException' && /rate|too many requests|throttl/i.test(message));
}

function networkCode(error: Error): string | undefined {
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? networkCode(cause) : undefined;
}

export function isKmsError(error: unknown, ...names: string[]): boolean {
  return error instanceof ProviderError && names.includes(error.code);
}

/** Maps anything a KMS call threw into a ProviderError whose text carries no credential. */
export function toProviderError(error: unknown, { action, scrub, endpoint }: ErrorContext): Error {
  if (error instanceof ProviderError) {
    return new ProviderError(error.code, scrub(error.message), error.options);
  }
  if (error instanceof ProofMismatchError) return new ProofMismatchError(scrub(error.message));
  if (error instanceof KMSServiceException) {
    const name = error.name;
    const message = scrub(error.message || name);
    const status = error.$metadata.httpStatusCode ?? 0;
    if (isThrottling(name, message)) return new ProviderError(name, message, { retryable: true, throttled: true });
    if (ACCESS_DENIED.has(name)) {
      return new ProviderError(name, message, { retryable: false, permission: refusedPermission(message, action) });
    }
    return new ProviderError(name, message, { retryable: status >= 500 || TRANSIENT.has(name) });
  }
  if (error instanceof Error) {
    const code = networkCode(error);
    if (code && NETWORK_CODES[code]) {
      return new ProviderError('EndpointUnreachable', `${action}: cannot reach ${endpoint}: ${NETWORK_CODES[code]} (${code}).`, { retryable: true });
    }
    if (code && DROP_CODES[code]) {
      return new ProviderError('ConnectionDropped', `${action}: ${endpoint} closed the connection without an answer: ${DROP_CODES[code]} (${code}).`, {
        retryable: true,
      });
    }
    // The SDK names a reset socket TimeoutError too, so the code decides first.
    if (error.name === 'TimeoutError') {
      return new ProviderError('EndpointUnreachable', `${action}: ${endpoint} did not answer in time (timeout).`, { retryable: true });
    }
    if (error.name === 'CredentialsProviderError') {
      return new ProviderError('CredentialsProviderError', scrub(`No AWS credentials: ${error.message}`), { retryable: false });
    }
    return new ProviderError(error.name || 'Error', scrub(`${action}: ${error.message}`), { retryable: false });
  }
  return new ProviderError('UnknownError', `${action} failed.`, { retryable: false });
}
