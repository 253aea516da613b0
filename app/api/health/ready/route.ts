import { checkReadiness } from '@/lib/health/readiness';

// Readiness: 200 only when the database answers and a job worker is beating; 503 naming what is wrong.
export const dynamic = 'force-dynamic';

export async function GET() {
  const readiness = await checkReadiness();
  return Response.json(
    { ok: readiness.ready, checks: readiness.checks },
    { status: readiness.ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
