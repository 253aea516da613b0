import 'server-only';
import { recordEvent } from '@/lib/audit/record-event';
import { getDb } from '@/lib/db/client';
import type { UseCaseContext } from './actor';

export async function recordSignOut(ctx: UseCaseContext) {
  await getDb().$transaction((tx) =>
    recordEvent(tx, ctx, { action: 'auth.sign_out', target: `user:${ctx.actor.username}`, outcome: 'succeeded' }),
  );
}
