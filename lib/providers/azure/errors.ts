import 'server-only';
import { AggregateAuthenticationError, AuthenticationError, CredentialUnavailableError } from '@azure/identity';
import { ProofMismatchError, ProviderError } from '../contract';
import { KEY_PERMISSIONS, type KeyAction } from './actions';
import type { Scrubber } from './scrub';

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
const TLS_CODES = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);

export interface ErrorContext {
  action: KeyAction;
  scrub: Scrubber;
  /** host:port of the vault, for messages about the network. */
  endpoint: string;
}

interface RestErrorShape extends Error {
  statusCode?: number;
  code?: string;
  details?: unknown;
  response?: { bodyAsText?: string | null; headers?: { get(name: string): string | undefined } };
}

function isRestError(error: unknown): error is RestErrorShape {
  return error instanceof Error && error.name === 'RestError';
}

function codeOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES[code] || DROP_CODES[code] || TLS_CODES.has(code))) return code;
  return codeOf((error as Error & { cause?: unknown }).cause);
}

interface ServiceErrorBody {
  error?: { code?: string; message?: string; innererror?: { code?: string }; innerError?: { code?: string } };
}

/** Key Vault's `{error:{code, message, innererror:{code}}}`: as the SDK parsed it (`details`), else from the body. */
function serviceError(error: RestErrorShape): { code?: string; message?: string; inner?: string } {
  let body = error.details as ServiceErrorBody | undefined;
  if (!body?.error) {
    try {
      body = JSON.parse(error.response?.bodyAsText ?? '') as ServiceErrorBody;
    } catch {
      return {};
    }
  }
  const inner = body.error?.innerError?.code ?? body.error?.innererror?.code;
  return { code: body.error?.code, message: body.error?.message, inner };
}

/**
 * The key permission Key Vault refused: access policies say "does not have keys list permission",
 * RBAC names the data action ("Action: 'Microsoft.KeyVault/vaults/keys/read'"); else the failed call's.
 */
export function refusedPermission(message: string, action: KeyAction): string {
  const policy = /does not have (?:keys )?(\w+) permission/i.exec(message)?.[1];
  if (policy) return `keys/${policy}`;
  const rbac = /Action:\s*'([^']+)'/i.exec(message)?.[1];
  return rbac ?? `keys/${KEY_PERMISSIONS[action]}`;
}

/** Entra's own words: "AADSTS7000215: Invalid client secret provided. …", without the trace and correlation ids. */
function entraDescription(text: string): { code?: string; description: string } {
  const match = /(AADSTS\d+):\s*([\s\S]*?)(?=\s*(?:Trace ID:|Correlation ID:|Timestamp:|$))/.exec(text);
  if (match) return { code: match[1], description: `${match[1]}: ${match[2]}` };
  return { description: text.split(/\r?\n/)[0] ?? text };
}

function authenticationFailure(text: string, fallbackCode: string, status: number, scrub: Scrubber): ProviderError {
  const { code, description } = entraDescription(text);
  return new ProviderError(code ?? fallbackCode, scrub(`Microsoft Entra sign-in failed: ${description}`), {
    retryable: status >= 500 || status === 429,
    throttled: status === 429,
  });
}

function fromAuthenticationError(error: AuthenticationError, scrub: Scrubber): ProviderError {
  const text = error.errorResponse?.errorDescription || error.message;
  return authenticationFailure(text, error.errorResponse?.error ?? 'AuthenticationError', error.statusCode ?? 0, scrub);
}

export function isVaultError(error: unknown, ...codes: string[]): boolean {
  return error instanceof ProviderError && codes.includes(error.code);
}

/** Maps anything a Key Vault or Entra call threw into a ProviderError whose text carries no secret or token. */
export function toProviderError(error: unknown, { action, scrub, endpoint }: ErrorContext): Error {
  if (error instanceof ProviderError) return new ProviderError(error.code, scrub(error.message), error.options);
  if (error instanceof ProofMismatchError) return new ProofMismatchError(scrub(error.message));
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (error instanceof AuthenticationError) return fromAuthenticationError(error, scrub);
  if (cause instanceof AuthenticationError) return fromAuthenticationError(cause, scrub);
  if (error instanceof AggregateAuthenticationError) {
    const inner = error.errors.find((e): e is AuthenticationError => e instanceof AuthenticationError);
    if (inner) return fromAuthenticationError(inner, scrub);
  }
  // msal's client-credential failures arrive as AuthenticationRequiredError with Entra's text in the message.
  if (error instanceof Error && error.name === 'AuthenticationRequiredError') {
    return authenticationFailure(error.message, 'AuthenticationRequiredError', 0, scrub);
  }
  if (error instanceof CredentialUnavailableError || (error instanceof AggregateAuthenticationError)) {
    return new ProviderError('CredentialUnavailable', scrub(`No Azure credential available: ${error.message.split(/\r?\n/)[0]}`), { retryable: false });
  }
  const network = codeOf(error);
  if (network && NETWORK_CODES[network]) {
    return new ProviderError('EndpointUnreachable', `${action}: cannot reach ${endpoint}: ${NETWORK_CODES[network]} (${network}).`, { retryable: true });
  }
  if (network && DROP_CODES[network]) {
    return new ProviderError('ConnectionDropped', `${action}: ${endpoint} closed the connection without an answer: ${DROP_CODES[network]} (${network}).`, {
      retryable: true,
    });
  }
  if (network && TLS_CODES.has(network)) {
    return new ProviderError('TlsVerificationFailed', `${action}: the certificate of ${endpoint} is not trusted (${network}); set the provider's CA bundle.`, {
      retryable: false,
    });
  }
  if (isRestError(error)) {
    const body = serviceError(error);
    const status = error.statusCode ?? 0;
    const code = body.code ?? error.code ?? (status ? `HTTP${status}` : 'RestError');
    const message = scrub(body.message ?? error.message ?? code);
    const inner = body.inner && body.inner !== code ? ` (${body.inner})` : '';
    if (status === 429 || code === 'Throttled') return new ProviderError(code, message, { retryable: true, throttled: true });
    if (status === 403 && (body.inner === 'KeyDisabled' || body.inner === 'KeyOperationForbidden' || /disabled key|not permitted on this key/i.test(message))) {
      return new ProviderError(body.inner ?? code, message, { retryable: false });
    }
    if (status === 403) return new ProviderError(code, `${message}${inner}`, { retryable: false, permission: refusedPermission(message, action) });
    // A deleted-but-recoverable name is the adapter's to resolve; other conflicts (being deleted, purged) pass.
    if (status === 409) return new ProviderError(body.inner ?? code, message, { retryable: body.inner !== 'ObjectIsDeletedButRecoverable' });
    if (status === 0 && /timeout|aborted/i.test(error.message)) {
      return new ProviderError('EndpointUnreachable', `${action}: ${endpoint} did not answer in time (timeout).`, { retryable: true });
    }
    return new ProviderError(code, `${message}${inner}`, { retryable: status >= 500 || status === 408 || status === 0 });
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return new ProviderError('EndpointUnreachable', `${action}: ${endpoint} did not answer in time (timeout).`, { retryable: true });
  }
  if (error instanceof Error) return new ProviderError(error.name || 'Error', scrub(`${action}: ${error.message}`), { retryable: false });
  return new ProviderError('UnknownError', `${action} failed.`, { retryable: false });
}
