import type { Performed } from '@/lib/operations/perform';

/** The toast line for an operation that either ran or now waits for approval. */
export function describePerformed<R>(performed: Performed<R>, done: (result: R) => string): string {
  if (performed.status === 'done') return done(performed.result);
  const { number, requiredApprovals, plan } = performed.request;
  return `Approval needed (${requiredApprovals}): request #${number} is pending. ${plan}`;
}
