import type { NextRequest } from 'next/server';
import { handlers } from '@/auth';
import { currentSession } from '@/lib/auth/session';

// Auth.js answers /api/auth/session (GET, and POST to update it) from the cookie alone, and
// re-issues the cookie: a session revoked in the database (sign-out, End all sessions, a disable
// or password reset) must read as signed out there too, and never be extended.
async function revokedSession(request: NextRequest) {
  return request.nextUrl.pathname.endsWith('/session') && !(await currentSession());
}

const CALLBACK_COOKIES = ['authjs.callback-url', '__Secure-authjs.callback-url'];

/** Auth.js's own test: an http(s) URL, or a path on this site. */
function isHttpUrl(value: string, origin: string) {
  const url = URL.parse(value, value.startsWith('/') ? origin : undefined);
  return url !== null && /^https?:$/.test(url.protocol);
}

/**
 * Auth.js treats a callbackUrl (query or cookie) that is no http(s) URL as a configuration error
 * and answers 500 to every endpoint: such input is the client's, so it gets a 400 (and a bad
 * cookie is cleared, or every later sign-in would fail the same way).
 */
function refusedCallbackUrl(request: NextRequest): Response | null {
  const { origin, searchParams } = request.nextUrl;
  const param = searchParams.get('callbackUrl');
  if (param !== null && param !== '' && !isHttpUrl(param, origin)) {
    return Response.json({ error: 'callbackUrl must be a path on this site or an http(s) URL.', code: 'invalid_input' }, { status: 400 });
  }
  const bad = CALLBACK_COOKIES.filter((name) => {
    const value = request.cookies.get(name)?.value;
    return value !== undefined && value !== '' && !isHttpUrl(value, origin);
  });
  if (bad.length === 0) return null;
  const response = Response.json({ error: 'The callback-url cookie is not a URL: it has been cleared. Try again.', code: 'invalid_input' }, { status: 400 });
  for (const name of bad) response.headers.append('Set-Cookie', `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith('__Secure-') ? '; Secure' : ''}`);
  return response;
}

export async function GET(request: NextRequest) {
  const refused = refusedCallbackUrl(request);
  if (refused) return refused;
  return (await revokedSession(request)) ? Response.json(null) : handlers.GET(request);
}

export async function POST(request: NextRequest) {
  const refused = refusedCallbackUrl(request);
  if (refused) return refused;
  return (await revokedSession(request)) ? Response.json(null) : handlers.POST(request);
}
