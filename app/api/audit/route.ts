import { listAuditEvents } from '@/lib/audit/query-events';
import { auditFilters } from '@/app/_lib/audit-filters';
import { handle, queryOf } from '../_lib/respond';

/**
 * GET /api/audit?actor=&action=&target=&outcome=&from=&to=&before=&limit= → { items, nextBefore }.
 * Newest first; pass nextBefore as `before` for the next (older) page.
 */
export function GET(request: Request) {
  return handle(request, async (ctx) => {
    const query = queryOf(request);
    const { items, nextBefore } = await listAuditEvents({ ...auditFilters(query), before: query.before, limit: query.limit }, ctx, { strict: true });
    return { items, nextBefore };
  });
}
