import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError } from '@/lib/providers/contract';

/**
 * Throttling is pacing, never an error (AWS caps control-plane calls per account and region):
 * every caller of one provider in this process waits behind the same gate, which a throttled
 * call pushes back with exponential backoff and jitter. The SDK's adaptive retry paces each
 * client too; this gate spreads the backoff across all of a provider's versions at once.
 */
const gates = new Map<string, { until: number; streak: number }>();

const BASE_MS = 200;
const MAX_MS = 10_000;
export const MAX_THROTTLED_ATTEMPTS = 30;

export async function paced<T>(providerId: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const gate = gates.get(providerId);
    const wait = gate ? gate.until - Date.now() : 0;
    if (wait > 0) await sleep(wait);
    try {
      const result = await call();
      const after = gates.get(providerId);
      if (after) after.streak = Math.max(0, after.streak - 1);
      return result;
    } catch (err) {
      if (!(err instanceof ProviderError && err.throttled) || attempt >= MAX_THROTTLED_ATTEMPTS) throw err;
      const current = gates.get(providerId) ?? { until: 0, streak: 0 };
      current.streak += 1;
      const backoff = Math.min(MAX_MS, BASE_MS * 2 ** Math.min(current.streak - 1, 6));
      current.until = Math.max(current.until, Date.now() + backoff / 2 + Math.random() * (backoff / 2));
      gates.set(providerId, current);
    }
  }
}
