import 'server-only';
import type { Permission } from '@/lib/auth/permissions';
import { getDb, type Tx } from '@/lib/db/client';

export interface Policy {
  requiredApprovals: number;
  expiresAfterHours: number;
}

/** Operations not listed here run at once until an admin sets a policy. */
export const DEFAULT_REQUIRED_APPROVALS: Partial<Record<Permission, number>> = {
  'key.delete': 1,
  'key.raise_min_enabled_version': 1,
  'key.remove_from_provider': 1,
};
export const DEFAULT_EXPIRY_HOURS = 24;

export function defaultPolicy(operation: string): Policy {
  return {
    requiredApprovals: DEFAULT_REQUIRED_APPROVALS[operation as Permission] ?? 0,
    expiresAfterHours: DEFAULT_EXPIRY_HOURS,
  };
}

export async function policyFor(operation: string, db: Tx = getDb()): Promise<Policy> {
  const row = await db.approvalPolicy.findUnique({ where: { operation } });
  return row ? { requiredApprovals: row.requiredApprovals, expiresAfterHours: row.expiresAfterHours } : defaultPolicy(operation);
}
