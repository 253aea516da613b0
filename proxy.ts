import NextAuth from 'next-auth';
import { authConfig } from './auth.config';

// Signed-out visitors are sent to /login before any page renders. Pages, actions and route
// handlers check the session again themselves (lib/auth/session.ts): this is only the first gate.
const { auth } = NextAuth(authConfig);
export const proxy = auth;

export const config = {
  // API routes answer 401 JSON themselves instead of redirecting.
  matcher: ['/((?!api/|login|_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
