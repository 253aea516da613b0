import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { getDb } from '@/lib/db/client';
import { ProviderError } from '@/lib/providers/contract';

/**
 * Throttling is pacing, never an error (AWS caps control-plane calls per account and region).
 * A throttled call pushes the provider's gate back with exponential backoff and jitter, and
 * every caller of that provider waits behind it: in this process at once, and in every other
 * worker process through `providers.throttled_until`, which each process reads at most every
 * REFRESH_MS while it is calling. The SDK's adaptive retry paces each client on top.
 */
const BASE_MS = 200;
const MAX_MS = 10_000;
const REFRESH_MS = 500;
export const MAX_THROTTLED_ATTEMPTS = 30;

interface Gate {
  until: number;
  streak: number;
  readAt: number;
}
const gates = new Map<string, Gate>();

async function gateOf(providerId: string): Promise<Gate> {
  let gate = gates.get(providerId);
  if (!gate) gates.set(providerId, (gate = { until: 0, streak: 0, readAt: 0 }));
  if (Date.now() - gate.readAt > REFRESH_MS) {
    gate.readAt = Date.now();
    const row = await getDb().provider.findUnique({ where: { id: providerId }, select: { throttledUntil: true } });
    gate.until = Math.max(gate.until, row?.throttledUntil?.getTime() ?? 0);
  }
  return gate;
}

async function pushBack(providerId: string, gate: Gate) {
  gate.streak += 1;
  const backoff = Math.min(MAX_MS, BASE_MS * 2 ** Math.min(gate.streak - 1, 6));
  const until = Date.now() + backoff / 2 + Math.random() * (backoff / 2);
  gate.until = Math.max(gate.until, until);
  await getDb().$executeRaw`
    UPDATE providers SET throttled_until = GREATEST(COALESCE(throttled_until, now()), ${new Date(gate.until)}::timestamptz)
    WHERE id = ${providerId}::uuid`;
}

export async function paced<T>(providerId: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const gate = await gateOf(providerId);
    const wait = gate.until - Date.now();
    if (wait > 0) await sleep(wait);
    try {
      const result = await call();
      gate.streak = Math.max(0, gate.streak - 1);
      return result;
    } catch (err) {
      if (!(err instanceof ProviderError && err.throttled) || attempt >= MAX_THROTTLED_ATTEMPTS) throw err;
      await pushBack(providerId, gate);
    }
  }
}
