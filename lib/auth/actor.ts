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
  /** Ours, generated per request; never taken from the client. */
  requestId: string;
  /** The client's own X-Request-Id, if well-formed (lib/auth/client-address.ts). */
  clientRequestId?: string | null;
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
