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
 * batch is read before the stream is returned, so a bad filter or a failing query is an error
 * response, never a 200 with an empty body. The export is audited when the last line has been
 * produced, with how many events it held; a stream that breaks off is audited as failed.
 */
export async function exportAuditEvents(input: Record<string, unknown>, format: 'csv' | 'jsonl', ctx: UseCaseContext) {
  await authorizeRead(ctx, 'audit.export', 'audit');
  const query = parseInput(strictAuditQuery, input);
  const events = allAuditEvents(query);
  const first = await events.next();
  const encoder = new TextEncoder();
  let count = 0;
  const audit = (outcome: 'succeeded' | 'failed', reason?: string) =>
    getDb().$transaction((tx) =>
      recordEvent(tx, ctx, { action: 'audit.export', target: 'audit', outcome, params: { format, filters: input, events: count }, reason }),
    );
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
        if (next.done) {
          // Fail closed: an export that cannot be audited does not end cleanly.
          await audit('succeeded');
          controller.close();
        } else emit(controller, next.value);
      } catch (err) {
        await audit('failed', err instanceof Error ? err.name : 'error').catch(() => {});
        controller.error(err);
      }
    },
    // The client went away: what it received is on record.
    async cancel() {
      await events.return(undefined);
      await audit('failed', 'cancelled by the client').catch(() => {});
    },
  });
}
