import 'next-auth';
import 'next-auth/jwt';

declare module 'next-auth' {
  interface User {
    sessionVersion?: number;
    sessionId?: string;
  }
  interface Session {
    user: { id: string; name?: string | null };
    /** The user's session version when signing in; a reset or disable moves the user's on. */
    sessionVersion?: number;
    /** The sessions row this cookie names (lib/auth/sessions.ts). */
    sessionId?: string;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    sv?: number;
    sid?: string;
  }
}
