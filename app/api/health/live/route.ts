// Liveness only: the process answers HTTP. No session, no database (restart the process if this fails).
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
