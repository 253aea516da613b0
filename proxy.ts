import NextAuth from 'next-auth';
import { authConfig } from './auth.config';

// Signed-out visitors are sent to /login before any page renders. Pages, actions and route
// handlers check the session again themselves (lib/auth/session.ts): this is only the first gate.
export const { auth: proxy } = NextAuth(authConfig);

export const config = {
  matcher: ['/((?!api/auth|api/health|login|_next/static|_next/image|favicon.ico).*)'],
};
