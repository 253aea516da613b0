import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { authorizeRead } from '@/lib/auth/authorize';
import { parseInput } from '@/lib/validation';
import { allAuditEvents, strictAuditQuery, type AuditEventView } from './query-events';
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

/**
 * The filtered events as CSV or JSON Lines, streamed. The filters are validated and the first
 * batch is read before anything else, so a bad filter or a failing query is an error response,
 * never a 200 with an empty body. Then the export is audited, before its first line leaves: an
 * export that cannot be recorded sends nothing, and a crash mid-stream still leaves it on record.
 * A stream that breaks off or is abandoned is audited again as failed, with how many events it sent.
 */
export async function exportAuditEvents(input: Record<string, unknown>, format: 'csv' | 'jsonl', ctx: UseCaseContext) {
  await authorizeRead(ctx, 'audit.export', 'audit');
  const query = parseInput(strictAuditQuery, input);
  const events = allAuditEvents(query);
  const first = await events.next();
  const encoder = new TextEncoder();
  let count = 0;
  const audit = (outcome: 'succeeded' | 'failed', params: Record<string, unknown>, reason?: string) =>
    getDb().$transaction((tx) => recordEvent(tx, ctx, { action: 'audit.export', target: 'audit', outcome, params: { format, filters: input, ...params }, reason }));
  const failed = (reason: string) => audit('failed', { events: count }, reason).catch(() => {});
  await audit('succeeded', {});
  const emit = (controller: ReadableStreamDefaultController<Uint8Array>, event: AuditEventView) => {
    count += 1;
    controller.enqueue(encoder.encode(line(format, event)));
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === 'csv') controller.enqueue(encoder.encode(`${COLUMNS.join(',')}\n`));
      if (!first.done) emit(controller, first.value);
    },
    async pull(controller) {
      try {
        const next = first.done ? first : await events.next();
        if (next.done) controller.close();
        else emit(controller, next.value);
      } catch (err) {
        await failed(err instanceof Error ? err.name : 'error');
        controller.error(err);
      }
    },
    // The client went away: what it received is on record.
    async cancel() {
      await events.return(undefined);
      await failed('cancelled by the client');
    },
  });
}
