import { can, PERMISSIONS, type Permission } from '@/lib/auth/permissions';

/**
 * Why a control is off for these roles, or undefined when they may use it. Computed on the
 * server and passed down: the UI mirrors the permission table, the server enforces it.
 */
export function deniedReason(roles: readonly string[], permission: Permission): string | undefined {
  if (can(roles, permission)) return undefined;
  const needed: readonly string[] = PERMISSIONS[permission];
  return `Your roles do not allow this: it needs the ${needed.join(' or ')} role.`;
}
