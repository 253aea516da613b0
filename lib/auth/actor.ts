import type { Tx } from '@/lib/db/client';

/** Who is acting, as read from the database for this request. */
export interface Actor {
  /** null for the system itself (e.g. expiring requests). */
  userId: string | null;
  username: string;
  roles: string[];
}

/** Where a request came from, for the audit log. */
export interface RequestInfo {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

export interface UseCaseContext {
  actor: Actor;
  request?: RequestInfo;
  /** Join the caller's transaction instead of opening one (use cases compose). */
  tx?: Tx;
}

export const SYSTEM_ACTOR: Actor = { userId: null, username: 'system', roles: [] };
