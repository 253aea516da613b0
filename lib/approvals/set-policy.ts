import 'server-only';
import { z } from 'zod';
import type { UseCaseContext } from '@/lib/auth/actor';
import { authorizeRead } from '@/lib/auth/authorize';
import { getDb } from '@/lib/db/client';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import { APPROVABLE_OPERATIONS } from '@/lib/operations/registry';
import { defaultPolicy } from './policies';

const count = (max: number, what: string) =>
  z.union([z.number(), z.string().trim().regex(/^\d+$/, `Enter a whole number of ${what}.`).transform(Number)], {
    error: `Enter a whole number of ${what} (0 to ${max}, digits only).`,
  })
    .pipe(z.number().int(`Enter a whole number of ${what}.`).min(0, `Enter 0 or more ${what}.`).max(max, `At most ${max} ${what}.`));

export const policyInput = z.object({
  operation: z.string({ error: 'Choose an operation.' }).refine((op) => Object.hasOwn(APPROVABLE_OPERATIONS, op), 'This operation cannot require approval.'),
  requiredApprovals: count(10, 'approvals'),
  expiresAfterHours: count(720, 'hours').refine((h) => h >= 1, 'Requests must live at least 1 hour.'),
});

export const setPolicyOperation = defineOperation({
  id: 'policy.set',
  label: 'Set an approval policy',
  approvable: false,
  schema: policyInput,
  recorded: ['operation', 'requiredApprovals', 'expiresAfterHours'],
  target: (p) => `policy:${p.operation}`,
  async execute({ operation, requiredApprovals, expiresAfterHours }, _prepared: undefined, tx) {
    const data = { requiredApprovals, expiresAfterHours, updatedAt: new Date() };
    await tx.approvalPolicy.upsert({ where: { operation }, create: { operation, ...data }, update: data });
    return { operation, requiredApprovals, expiresAfterHours };
  },
});

export const setPolicy = (input: unknown, ctx: UseCaseContext) => perform(setPolicyOperation, input, ctx);

export async function listPolicies(ctx: UseCaseContext) {
  await authorizeRead(ctx, 'policy.read');
  const rows = new Map((await getDb().approvalPolicy.findMany()).map((row) => [row.operation, row]));
  return Object.values(APPROVABLE_OPERATIONS).map((op) => {
    const row = rows.get(op.id);
    return {
      operation: op.id,
      label: op.label,
      requiredApprovals: row?.requiredApprovals ?? defaultPolicy(op.id).requiredApprovals,
      expiresAfterHours: row?.expiresAfterHours ?? defaultPolicy(op.id).expiresAfterHours,
      default: defaultPolicy(op.id),
    };
  });
}
