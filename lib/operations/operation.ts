import type { z } from 'zod';
import type { UseCaseContext } from '@/lib/auth/actor';
import type { Permission } from '@/lib/auth/permissions';
import type { Tx } from '@/lib/db/client';

/**
 * A change Keywarden can make. Every change is one of these and runs through perform():
 * authorize → approval gate → one transaction holding the change and its audit event → return.
 */
export interface Operation<P = unknown, R = unknown, Prepared = undefined> {
  id: Permission;
  /** What an admin sees in the approval policy list. */
  label: string;
  /** Whether an approval policy may apply to it (admin operations never wait for approval). */
  approvable: boolean;
  schema: z.ZodType<P, unknown>;
  target(params: P): string;
  /**
   * A human-readable account of what will happen, read from the current state; throws a
   * DomainError when the operation could not run now (so nobody approves a doomed request).
   * Required of approvable operations.
   */
  plan?(params: P, tx: Tx): Promise<string>;
  /** Slow, side-effect-free work done before the transaction (e.g. generating key material). */
  prepare?(params: P, tx: Tx, ctx: UseCaseContext): Promise<Prepared>;
  /** The change, inside the transaction. Re-checks its preconditions: state may have moved. */
  execute(params: P, prepared: Prepared, tx: Tx, ctx: UseCaseContext): Promise<R>;
  /** The audit target once the result is known, when the parameters alone cannot name it. */
  resultTarget?(result: R): string;
  /** What the audit log records of the parameters (default: all of them, secrets redacted). */
  auditParams?(params: P): unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any, any>;

export function defineOperation<P, R, Prepared = undefined>(op: Operation<P, R, Prepared>) {
  return op;
}
