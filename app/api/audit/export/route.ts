import { auditFilters } from '@/app/_lib/audit-filters';
import { toActionResult } from '@/lib/actions/result';
import { exportAuditEvents } from '@/lib/audit/export-events';
import { requireContext } from '@/lib/auth/session';
import { DomainError } from '@/lib/errors';
import { isCrossSite } from '@/lib/http/request-screen';
import { errorResponse, NO_STORE, queryOf } from '../../_lib/respond';

const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  jsonl: { type: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' },
} as const;

/**
 * GET /api/audit/export?format=csv|jsonl&actor=&action=&target=&outcome=&from=&to= → every
 * matching event, newest first, as a download. The export itself is audited.
 * The session cookie rides along on a cross-site navigation (SameSite=Lax), so a link on another
 * site must not start an export: a browser's request must be same-origin (or typed by the user).
 */
export async function GET(request: Request) {
  const query = queryOf(request);
  const result = await toActionResult(async () => {
    if (isCrossSite(request.headers.get('sec-fetch-site'))) throw new DomainError('forbidden', 'Cross-site requests are refused.');
    const format = query.format ?? 'csv';
    if (format !== 'csv' && format !== 'jsonl') {
      throw new DomainError('invalid_input', 'Export as format=csv or format=jsonl.', { format: ['Choose csv or jsonl.'] });
    }
    return { format, stream: await exportAuditEvents(auditFilters(query), format, await requireContext()) } as const;
  });
  if (!result.ok) return errorResponse(result);
  const { format, stream } = result.data;
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
  return new Response(stream, {
    headers: {
      ...NO_STORE,
      'Content-Type': FORMATS[format].type,
      'Content-Disposition': `attachment; filename="keywarden-audit-${stamp}.${FORMATS[format].extension}"`,
    },
  });
}
