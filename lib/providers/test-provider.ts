import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authorizeRead } from '@/lib/auth/authorize';
import { recordEvent } from '@/lib/audit/record-event';
import { getDb } from '@/lib/db/client';
import { parseInput } from '@/lib/validation';
import { adapterForProvider } from './adapter-for';
import type { ConnectionReport } from './contract';
import { providerRef } from './schemas';

/** "Test connection": harmless read-only calls; the provider's own error code and message when one fails. */
export async function testProvider(input: unknown, ctx: UseCaseContext): Promise<ConnectionReport> {
  await authorizeRead(ctx, 'provider.test', `provider:${String((input as { name?: unknown } | null)?.name ?? '')}`);
  const { name } = parseInput(providerRef, input);
  const { adapter } = await adapterForProvider(name);
  const report = await adapter.testConnection();
  await getDb().$transaction((tx) =>
    recordEvent(tx, ctx, {
      action: 'provider.test',
      target: `provider:${name}`,
      outcome: report.ok ? 'succeeded' : 'failed',
      params: { name, ok: report.ok, ...(report.error && { code: report.error.code, permission: report.error.permission ?? null }) },
      reason: report.error ? `${report.error.code}: ${report.error.message}` : null,
    }),
  );
  return report;
}
