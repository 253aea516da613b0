import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import type { Tx } from '@/lib/db/client';
import { canonicalContent, chainHash, redact, storable, type EventFields, type Outcome } from './canonical';
import { clientRequestId } from '@/lib/auth/client-address';
import { chainKeyOfHead } from './chain-key';

const MAX_REASON = 1000;
const nullable = (text: string | null | undefined, max: number) => (text == null ? null : storable(text, max));

export interface AuditEventInput {
  action: string;
  target?: string | null;
  outcome: Outcome;
  params?: unknown;
  reason?: string | null;
}

/**
 * Appends one event to the hash chain inside the caller's transaction: if it cannot be written,
 * the change it describes does not commit either (fail closed).
 *
 * The chain head's row lock orders appends and is held from this statement until commit, so
 * call this LAST in a transaction: the slow parts of an operation never run under the lock.
 */
export async function recordEvent(tx: Tx, ctx: Pick<UseCaseContext, 'actor' | 'request'>, input: AuditEventInput) {
  const fields: EventFields = {
    occurredAt: new Date(),
    actorId: ctx.actor.userId,
    actorName: storable(ctx.actor.username, 64),
    actorRoles: ctx.actor.roles.map((r) => storable(r, 32)).sort(),
    action: input.action,
    target: nullable(input.target, 200),
    outcome: input.outcome,
    params: redact(input.params ?? {}),
    reason: nullable(input.reason, MAX_REASON),
    requestId: nullable(ctx.request?.requestId, 100),
    clientRequestId: clientRequestId(ctx.request?.clientRequestId ?? null),
    ip: nullable(ctx.request?.ip, 64),
    userAgent: nullable(ctx.request?.userAgent, 512),
  };
  const content = canonicalContent(fields);
  // From here to commit, other appends wait for this one.
  const [head] = await tx.$queryRaw<{ seq: bigint; hash: Uint8Array; sealedKey: Uint8Array | null }[]>`
    SELECT seq, hash, sealed_key AS "sealedKey" FROM audit_chain_head WHERE id = 1 FOR UPDATE`;
  if (!head) throw new Error('The audit chain has no head: the migrations were not applied.');
  const key = await chainKeyOfHead(tx, head.sealedKey);
  const seq = head.seq + 1n;
  const hash = new Uint8Array(chainHash(key, head.hash, seq, content));
  const prevHash = new Uint8Array(head.hash);
  await tx.$executeRaw`
    WITH moved AS (UPDATE audit_chain_head SET seq = ${seq}, hash = ${hash} WHERE id = 1)
    INSERT INTO audit_events (seq, occurred_at, actor_id, actor_name, actor_roles, action, target, outcome,
                              params, reason, request_id, client_request_id, ip, user_agent, prev_hash, hash)
    VALUES (${seq}, ${fields.occurredAt}, ${fields.actorId}::uuid, ${fields.actorName}, ${fields.actorRoles}::text[],
            ${fields.action}, ${fields.target}, ${fields.outcome}, ${JSON.stringify(fields.params)}::jsonb,
            ${fields.reason}, ${fields.requestId}, ${fields.clientRequestId}, ${fields.ip}, ${fields.userAgent}, ${prevHash}, ${hash})`;
}
