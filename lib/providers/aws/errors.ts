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

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
/** KMS's answers to credentials it does not accept (unknown key, expired session, bad signature). */
const REFUSED_CREDENTIALS = new Set(['UnrecognizedClientException', 'ExpiredTokenException', 'InvalidSignatureException', 'IncompleteSignatureException', 'MissingAuthenticationTokenException']);

/** A credential provider failed (STS refused, no token, no profile, …): `step` says which, in words. */
export class CredentialsFailure extends Error {
  override readonly name = 'CredentialsFailure';
  constructor(
    readonly step: string,
    /** The STS permission the step needs (sts:AssumeRole, …), when it has one. */
    readonly permission: string | undefined,
    override readonly cause: unknown,
  ) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export interface ErrorContext {
  /** The KMS action that failed, e.g. ImportKeyMaterial. */
  action: string;
  scrub: Scrubber;
  /** host:port, for messages about the network. */
  endpoint: string;
  /** host:port of STS, for messages about credential steps. */
  stsEndpoint?: string;
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

function serviceStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/** A credential step's failure in plain words: which step, what STS (or the SDK) said. */
function credentialsError(failure: CredentialsFailure, { scrub, stsEndpoint }: ErrorContext): ProviderError {
  const cause = failure.cause;
  const name = cause instanceof Error ? cause.name : 'UnknownError';
  const said = scrub(cause instanceof Error ? cause.message || name : String(cause));
  const status = serviceStatus(cause);
  if (status !== undefined) {
    // STS answered: AccessDenied (untrusted caller, wrong external id, wrong role), InvalidIdentityToken…, ExpiredToken…
    const permission = ACCESS_DENIED.has(name) && failure.permission ? failure.permission : undefined;
    if (isThrottling(name, said)) return new ProviderError(name, scrub(`STS throttled ${failure.step}: ${said}`), { retryable: true, throttled: true });
    return new ProviderError(name, scrub(`STS refused ${failure.step}: ${name}: ${said}`), { retryable: status >= 500, ...(permission && { permission }) });
  }
  if (cause instanceof Error) {
    const code = networkCode(cause);
    const where = stsEndpoint ?? 'STS';
    if (code && TLS_CODES.has(code)) {
      return new ProviderError('TlsUntrusted', scrub(`${failure.step}: ${where} presented a certificate that is not trusted (${code}); add its CA to the provider's CA bundle (or AWS_CA_BUNDLE).`), { retryable: false });
    }
    if (code && NETWORK_CODES[code]) {
      return new ProviderError('EndpointUnreachable', scrub(`${failure.step}: cannot reach ${where}: ${NETWORK_CODES[code]} (${code}).`), { retryable: true });
    }
    if (name === 'TimeoutError') return new ProviderError('EndpointUnreachable', scrub(`${failure.step}: ${where} did not answer in time (timeout).`), { retryable: true });
    const code2 = name === 'Error' || name === 'TypeError' ? 'CredentialsProviderError' : name;
    return new ProviderError(code2, scrub(`No AWS credentials from ${failure.step}: ${said}`), { retryable: false });
  }
  return new ProviderError('CredentialsProviderError', scrub(`No AWS credentials from ${failure.step}.`), { retryable: false });
}

/** Maps anything a KMS call threw into a ProviderError whose text carries no credential. */
export function toProviderError(error: unknown, context: ErrorContext): Error {
  const { action, scrub, endpoint } = context;
  if (error instanceof CredentialsFailure) return credentialsError(error, context);
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
    if (REFUSED_CREDENTIALS.has(name)) {
      return new ProviderError(name, `KMS did not accept the credentials for ${action}: ${message}`, { retryable: false });
    }
    return new ProviderError(name, message, { retryable: status >= 500 || TRANSIENT.has(name) });
  }
  if (error instanceof Error) {
    const code = networkCode(error);
    if (code && TLS_CODES.has(code)) {
      return new ProviderError('TlsUntrusted', `${action}: ${endpoint} presented a certificate that is not trusted (${code}); add its CA to the provider's CA bundle (or AWS_CA_BUNDLE).`, { retryable: false });
    }
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
