import 'server-only';
import { recordEvent } from '@/lib/audit/record-event';
import { getDb } from '@/lib/db/client';
import type { UseCaseContext } from './actor';
import { revokeAllSessions, revokeSession } from './sessions';

/** Ends this session on the server: its cookie, wherever it was copied, stops working. */
export async function signOut(ctx: UseCaseContext, sessionId: string) {
  const userId = ctx.actor.userId;
  if (!userId) return;
  await getDb().$transaction(async (tx) => {
    await revokeSession(tx, userId, sessionId);
    await recordEvent(tx, ctx, { action: 'auth.sign_out', target: `user:${ctx.actor.username}`, outcome: 'succeeded' });
  });
}

/** Ends every session of the signed-in user, in every browser. */
export async function signOutEverywhere(ctx: UseCaseContext) {
  const userId = ctx.actor.userId;
  if (!userId) return;
  await getDb().$transaction(async (tx) => {
    const sessions = await revokeAllSessions(tx, userId);
    await recordEvent(tx, ctx, {
      action: 'auth.sign_out_everywhere',
      target: `user:${ctx.actor.username}`,
      outcome: 'succeeded',
      params: { sessions },
    });
  });
}
