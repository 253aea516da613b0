import NextAuth from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { authConfig } from './auth.config';
import { authenticate } from './lib/auth/authenticate';
import { requestInfoFrom } from './lib/auth/request-info';

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { username: { label: 'Username' }, password: { label: 'Password', type: 'password' } },
      authorize: (credentials, request) => authenticate(credentials, requestInfoFrom(request.headers)),
    }),
  ],
});
