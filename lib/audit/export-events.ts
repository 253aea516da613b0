import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { authorizeRead } from '@/lib/auth/authorize';
import { allAuditEvents, auditQuery, type AuditEventView } from './query-events';
import { recordEvent } from './record-event';

const COLUMNS = ['seq', 'occurredAt', 'actorName', 'actorRoles', 'action', 'target', 'outcome', 'params', 'reason', 'requestId', 'ip', 'userAgent', 'hash'] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Quote everything; a leading = + - @ tab or CR would be a formula in a spreadsheet.
  return `"${(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text).replaceAll('"', '""')}"`;
}

function line(format: 'csv' | 'jsonl', e: AuditEventView) {
  if (format === 'jsonl') return `${JSON.stringify(e)}\n`;
  return `${COLUMNS.map((c) => csvCell(c === 'actorRoles' ? e.actorRoles.join(' ') : e[c])).join(',')}\n`;
}

/** The filtered events as CSV or JSON Lines, streamed; the export itself is audited first. */
export async function exportAuditEvents(input: Record<string, unknown>, format: 'csv' | 'jsonl', ctx: UseCaseContext) {
  await authorizeRead(ctx, 'audit.export', 'audit');
  const query = auditQuery.parse(input);
  await getDb().$transaction((tx) =>
    recordEvent(tx, ctx, { action: 'audit.export', target: 'audit', outcome: 'succeeded', params: { format, filters: input } }),
  );
  const encoder = new TextEncoder();
  const events = allAuditEvents(query);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === 'csv') controller.enqueue(encoder.encode(`${COLUMNS.join(',')}\n`));
    },
    async pull(controller) {
      const next = await events.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(line(format, next.value)));
    },
  });
}
