import { checkReadiness } from '@/lib/health/readiness';

// What a load balancer expects: 200 while this instance can serve requests (the database
// answers), 503 otherwise. The body names every check, the job worker's too; a stopped worker
// alone does not take the dashboard out of rotation (/api/health/ready does fail on it).
export const dynamic = 'force-dynamic';

export async function GET() {
  const readiness = await checkReadiness();
  return Response.json(
    { ok: readiness.serving, ready: readiness.ready, checks: readiness.checks },
    { status: readiness.serving ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
