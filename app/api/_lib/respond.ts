import 'server-only';
import { toActionResult, type ActionResult } from '@/lib/actions/result';
import type { UseCaseContext } from '@/lib/auth/actor';
import { requireContext } from '@/lib/auth/session';
import { DomainError, type DomainErrorCode } from '@/lib/errors';
import type { Performed } from '@/lib/operations/perform';
import { BODY_LIMITS, mediaType } from '@/lib/http/request-screen';

const STATUS: Record<DomainErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
};

export const NO_STORE = { 'Cache-Control': 'no-store' };

/** A failed ActionResult as JSON: { error, code, fieldErrors? } with the status its code maps to. */
export function errorResponse(result: Extract<ActionResult<unknown>, { ok: false }>): Response {
  const { code, error, fieldErrors } = result;
  const status = STATUS[code as DomainErrorCode] ?? 500;
  const body = fieldErrors && Object.keys(fieldErrors).length > 0 ? { error, code, fieldErrors } : { error, code };
  return Response.json(body, { status, headers: NO_STORE });
}

/** An ActionResult as JSON: the data itself on success, else { error, code, fieldErrors? }. */
export function respond<T>(result: ActionResult<T>, okStatus = 200): Response {
  if (result.ok) return Response.json(result.data ?? null, { status: okStatus, headers: NO_STORE });
  return errorResponse(result);
}

/**
 * Runs one use case for a route handler: the session first (401 when signed out), then the
 * same-origin check for changes, then `fn`. Errors map as in `respond`; unexpected ones are
 * logged with a request id and answered with the generic message (toActionResult). The use case
 * itself checks the caller's permission (and audits a refusal).
 */
export async function handle<T>(request: Request, fn: (ctx: UseCaseContext) => Promise<T>, okStatus = 200): Promise<Response> {
  const result = await toActionResult(async () => {
    const ctx = await requireContext();
    if (request.method !== 'GET' && request.method !== 'HEAD') assertSameOrigin(request);
    return fn(ctx);
  });
  return respond(result, okStatus);
}

/**
 * A change that may wait for approval: `done` answers `okStatus` (200, or 201 for a creation)
 * with the result itself; `requested` answers 202 with { status: 'requested', request }.
 */
export async function handlePerformed<R>(
  request: Request,
  fn: (ctx: UseCaseContext) => Promise<Performed<R>>,
  okStatus = 200,
): Promise<Response> {
  const result = await toActionResult(async () => {
    const ctx = await requireContext();
    assertSameOrigin(request);
    return fn(ctx);
  });
  if (!result.ok) return errorResponse(result);
  const performed = result.data;
  if (performed.status === 'requested') return Response.json(performed, { status: 202, headers: NO_STORE });
  return Response.json(performed.result ?? null, { status: okStatus, headers: NO_STORE });
}

/**
 * The session cookie rides along on cross-site requests that SameSite lets through; browsers
 * always send Origin with a cross-origin POST, PUT, PATCH or DELETE, so a foreign one is refused.
 * Clients that send no Origin (curl, scripts) are not browsers acting for someone else.
 */
function assertSameOrigin(request: Request) {
  const origin = request.headers.get('origin');
  if (!origin) return;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    // "null" (sandboxed frames, some redirects) and garbage are foreign.
  }
  if (!host || originHost !== host) throw new DomainError('forbidden', 'Cross-site requests are refused.');
}

/**
 * The request body as a JSON object: sent as application/json (415 otherwise: an HTML form on
 * another site cannot send that type) and at most 64 KiB, counted while it is read, so a larger
 * body is refused (413) without being held. The front server (lib/http) refuses both before Next
 * runs; this is the same rule where the handler reads.
 */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  if (mediaType(request.headers.get('content-type') ?? undefined) !== 'application/json') {
    throw new DomainError('unsupported_media_type', 'Send the request body as application/json.');
  }
  let body: unknown;
  try {
    body = JSON.parse(await readText(request, BODY_LIMITS.api));
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError('invalid_input', 'The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DomainError('invalid_input', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

async function readText(request: Request, limit: number): Promise<string> {
  const tooLarge = () => new DomainError('payload_too_large', `The request body is larger than ${limit / 1024} KiB.`);
  if (Number(request.headers.get('content-length') ?? 0) > limit) throw tooLarge();
  if (!request.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** A URL's query as plain fields; a repeated parameter keeps its first value. */
export function queryOf(request: Request): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) if (!(key in query)) query[key] = value;
  return query;
}
