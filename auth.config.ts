import type { NextAuthConfig } from 'next-auth';
import { sameSiteUrl } from './lib/auth/same-site';

/** The part of the Auth.js config that the proxy needs: no providers, no database. */
export const authConfig = {
  trustHost: true,
  pages: { signIn: '/login' },
  // The JWT only names a session row (lib/auth/sessions.ts), which decides; same idle max age.
  session: { strategy: 'jwt', maxAge: 8 * 60 * 60, updateAge: 15 * 60 },
  providers: [],
  logger: {
    // A wrong password is an expected event (audited), not an error with a stack trace.
    error: (error) => {
      if ((error as { type?: string }).type !== 'CredentialsSignin') {
        console.error(`[auth] ${(error as { type?: string }).type ?? error.name}: ${error.message.split('\n', 1)[0]}`);
      }
    },
  },
  callbacks: {
    authorized: ({ auth }) => Boolean(auth?.user),
    // Where Auth.js sends the browser after sign-in/out: only this site, and a callbackUrl (query,
    // form or cookie) that is no URL at all falls back home instead of throwing (a 500 before).
    redirect: ({ url, baseUrl }) => sameSiteUrl(url, baseUrl)?.href ?? baseUrl,
    jwt({ token, user }) {
      if (user) Object.assign(token, { sv: user.sessionVersion ?? 0, sid: user.sessionId });
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.sessionVersion = token.sv ?? 0;
      session.sessionId = token.sid;
      return session;
    },
  },
} satisfies NextAuthConfig;
