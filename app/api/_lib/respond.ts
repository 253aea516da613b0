import 'server-only';
import { toActionResult, type ActionResult } from '@/lib/actions/result';
import type { Actor } from '@/lib/auth/actor';
import { requireActor } from '@/lib/auth/session';
import { DomainError, type DomainErrorCode } from '@/lib/errors';

const STATUS: Record<DomainErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 409,
};

const NO_STORE = { 'Cache-Control': 'no-store' };

/** An ActionResult as JSON: the data itself on success, else { error, code, fieldErrors? }. */
export function respond<T>(result: ActionResult<T>, okStatus = 200): Response {
  if (result.ok) return Response.json(result.data ?? null, { status: okStatus, headers: NO_STORE });
  const { code, error, fieldErrors } = result;
  const status = STATUS[code as DomainErrorCode] ?? 500;
  const body = fieldErrors && Object.keys(fieldErrors).length > 0 ? { error, code, fieldErrors } : { error, code };
  return Response.json(body, { status, headers: NO_STORE });
}

/**
 * Runs one use case for a route handler: the session first (401 when signed out), then the
 * same-origin check for changes, then `fn`. Errors map as in `respond`; unexpected ones are
 * logged with a request id and answered with the generic message (toActionResult).
 */
export async function handle<T>(request: Request, fn: (actor: Actor) => Promise<T>, okStatus = 200): Promise<Response> {
  const result = await toActionResult(async () => {
    const actor = await requireActor();
    if (request.method !== 'GET' && request.method !== 'HEAD') assertSameOrigin(request);
    return fn(actor);
  });
  return respond(result, okStatus);
}

/**
 * The session cookie rides along on cross-site requests that SameSite lets through; browsers
 * always send Origin with a cross-origin POST, PATCH or DELETE, so a foreign one is refused.
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

/** The request body as a JSON object; anything else is invalid input (400). */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new DomainError('invalid_input', 'The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DomainError('invalid_input', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}
