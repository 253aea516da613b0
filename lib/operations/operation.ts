import type { z } from 'zod';
import type { UseCaseContext } from '@/lib/auth/actor';
import type { Permission } from '@/lib/auth/permissions';
import type { Tx } from '@/lib/db/client';
import type { JobRequest } from '@/lib/jobs/job-request';

/**
 * A change Keywarden can make. Every change is one of these and runs through perform():
 * authorize → approval gate → commitChange (one transaction holding the change, the jobs it
 * enqueues and its audit event) → return. Approved requests run through the same commitChange.
 */
export interface Operation<P = unknown, R = unknown, Prepared = undefined> {
  id: Permission;
  /** What an admin sees in the approval policy list. */
  label: string;
  /** Whether an approval policy may apply to it (admin operations never wait for approval). */
  approvable: boolean;
  schema: z.ZodType<P, unknown>;
  /**
   * The parameters its audit events record, by name: nothing else reaches the log (deny by
   * default). Names that look like secrets are refused when the operation is defined.
   */
  recorded: readonly (keyof P & string)[];
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
  /** Background work the committed change needs (enqueued in the same transaction). */
  jobs?(result: R, params: P, tx: Tx, ctx: UseCaseContext): Promise<JobRequest[]> | JobRequest[];
  /** The audit target once the result is known, when the parameters alone cannot name it. */
  resultTarget?(result: R): string;
  /** Facts learned while executing that the event records too (e.g. a version number). */
  resultRecord?(result: R): Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any, any>;

const SECRET_NAME = /pass(word)?|secret|token|material|credential|private/i;

export function defineOperation<P, R, Prepared = undefined>(op: Operation<P, R, Prepared>) {
  const secret = op.recorded.find((name) => SECRET_NAME.test(name));
  if (secret) throw new Error(`${op.id} would record "${secret}": secrets never reach the audit log.`);
  return op;
}

/** The recorded parameters of an input, parsed or not (refusals record what was sent, no more). */
export function recordedParams(op: Pick<AnyOperation, 'recorded'>, input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return {};
  const source = input as Record<string, unknown>;
  return Object.fromEntries(op.recorded.filter((name) => Object.hasOwn(source, name)).map((name) => [name, source[name]]));
}
