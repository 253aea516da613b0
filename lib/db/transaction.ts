import 'server-only';
import { getDb, Prisma, type Tx } from './client';

/** Runs `fn` in the caller's transaction when given one, else in a new one. */
export function inTransaction<T>(tx: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return tx ? fn(tx) : getDb().$transaction(fn, { maxWait: 10_000, timeout: 30_000 });
}

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}
