import type { NextRequest } from 'next/server';
import { handlers } from '@/auth';
import { currentSession } from '@/lib/auth/session';

// Auth.js answers /api/auth/session (GET, and POST to update it) from the cookie alone, and
// re-issues the cookie: a session revoked in the database (sign-out, End all sessions, a disable
// or password reset) must read as signed out there too, and never be extended.
async function revokedSession(request: NextRequest) {
  return request.nextUrl.pathname.endsWith('/session') && !(await currentSession());
}

export async function GET(request: NextRequest) {
  return (await revokedSession(request)) ? Response.json(null) : handlers.GET(request);
}

export async function POST(request: NextRequest) {
  return (await revokedSession(request)) ? Response.json(null) : handlers.POST(request);
}
