// Liveness only: no session, no database. A cheap page for load balancers and benchmarks.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
