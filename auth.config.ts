import type { NextAuthConfig } from 'next-auth';

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
