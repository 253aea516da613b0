import 'server-only';
import { recordRefusal } from '@/lib/operations/record-refusal';
import { DomainError } from '@/lib/errors';
import type { UseCaseContext } from './actor';
import { can, type Permission } from './permissions';

export function requirePermission(ctx: UseCaseContext, id: Permission) {
  if (!can(ctx.actor.roles, id)) {
    throw new DomainError('forbidden', `You are not allowed to ${id.replace('.', ': ').replaceAll('_', ' ')}.`);
  }
}

/** For reads: the permission, or a refusal that is audited like any other. */
export async function authorizeRead(ctx: UseCaseContext, permission: Permission, target: string | null = null) {
  try {
    requirePermission(ctx, permission);
  } catch (err) {
    await recordRefusal({ id: permission, target: () => target ?? '', recorded: [] }, {}, ctx, err);
    throw err;
  }
}
