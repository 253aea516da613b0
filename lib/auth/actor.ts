import type { Tx } from '@/lib/db/client';

/** Who is acting. Every use case takes one; the audit log (issue 3) records it. */
export interface Actor {
  userId: string;
  username: string;
}

export interface UseCaseContext {
  actor: Actor;
  /** Join the caller's transaction instead of opening one (use cases compose). */
  tx?: Tx;
}
