import 'server-only';
import { getDb } from '@/lib/db/client';
import { ProviderError } from '@/lib/providers/contract';
import { RetryLater } from './reconcile';

/**
 * A reconcile job that threw: its error on the distribution (a provider's message as it is;
 * anything else only by class, the details are in the worker log). On the last attempt the
 * distribution is failed, so it shows Retry instead of syncing forever.
 */
export async function recordJobFailure(distributionId: string, err: unknown, { lastAttempt }: { lastAttempt: boolean }) {
  // A RetryLater was recorded by the reconcile itself (throttling: deliberately without an error).
  if (err instanceof RetryLater && !lastAttempt) return;
  if (!(err instanceof RetryLater || err instanceof ProviderError)) {
    console.error(`reconcile ${distributionId}: ${err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : 'error'}`);
  }
  const current = await getDb().distribution.findUnique({ where: { id: distributionId }, select: { state: true, lastError: true, removalRequestedAt: true } });
  if (!current || current.state === 'removed') return;
  const message =
    err instanceof RetryLater
      ? (current.lastError ?? 'The provider kept throttling every attempt.')
      : err instanceof ProviderError
        ? `${err.code}: ${err.message}`
        : `Internal error (${err instanceof Error ? err.name : 'error'}); see the worker log.`;
  await getDb().distribution.update({
    where: { id: distributionId },
    data: lastAttempt
      ? { state: current.removalRequestedAt ? 'removing' : 'failed', lastError: `Gave up after the last attempt: ${message}`, updatedAt: new Date() }
      : { lastError: message, updatedAt: new Date() },
  });
}
