import type { NextRequest } from 'next/server';
import { handlers } from '@/auth';
import { currentSession } from '@/lib/auth/session';

// Auth.js answers /api/auth/session from the cookie alone; a session revoked in the database
// (sign-out, End all sessions, a disable or password reset) must read as signed out here too.
export async function GET(request: NextRequest) {
  if (request.nextUrl.pathname.endsWith('/session') && !(await currentSession())) return Response.json(null);
  return handlers.GET(request);
}

export const { POST } = handlers;
