import 'server-only';
import { reconcileJobsForKey } from '@/lib/distribution/reconcile-job';
import { DomainError } from '@/lib/errors';
import { defineOperation } from '@/lib/operations/operation';
import { lockKey, type LockedKey } from './lock-key';
import { minEnabledVersionInput } from './schemas';
import { toKeySummary } from './views';

/**
 * A raise must still raise, and a lowering still lower, when it runs: a raise approved after
 * someone else raised further would otherwise re-enable versions under the wrong name (and
 * around the lowering's own approval policy).
 */
function assertDirection(direction: 'raise' | 'lower', key: LockedKey, minEnabledVersion: number) {
  const ok = direction === 'raise' ? minEnabledVersion > key.minEnabledVersion : minEnabledVersion < key.minEnabledVersion;
  if (!ok) {
    throw new DomainError(
      'precondition_failed',
      `min_enabled_version of "${key.name}" is ${key.minEnabledVersion} now: setting it to ${minEnabledVersion} would not ${direction} it.`,
    );
  }
}

function assertInRange(key: LockedKey, minEnabledVersion: number) {
  if (minEnabledVersion > key.latestVersion) {
    const message = `min_enabled_version must be between 0 and ${key.latestVersion}, the latest version of "${key.name}".`;
    throw new DomainError('invalid_input', message, { minEnabledVersion: [message] });
  }
}

function effect(from: number, to: number) {
  if (to > from) return `disables version${to - Math.max(from, 1) > 1 ? 's' : ''} ${Math.max(from, 1)}${to - 1 > Math.max(from, 1) ? `–${to - 1}` : ''}`;
  return to === 0 ? 'enables every version' : `enables versions ${Math.max(to, 1)}–${from - 1}`;
}

/**
 * Raising and lowering min_enabled_version are separate operations with separate approval
 * policies: raising disables versions (by default it needs an approval), lowering re-enables them.
 */
function minEnabledVersionOperation(direction: 'raise' | 'lower') {
  return defineOperation({
    id: direction === 'raise' ? 'key.raise_min_enabled_version' : 'key.lower_min_enabled_version',
    label: direction === 'raise' ? 'Raise min_enabled_version (disables versions)' : 'Lower min_enabled_version (re-enables versions)',
    approvable: true,
    schema: minEnabledVersionInput,
    recorded: ['name', 'minEnabledVersion'],
    target: (p) => `key:${p.name}`,
    async plan({ name, minEnabledVersion }, tx) {
      const key = await lockKey(tx, name, { lock: false });
      assertInRange(key, minEnabledVersion);
      assertDirection(direction, key, minEnabledVersion);
      const from = key.minEnabledVersion;
      const verb = direction === 'raise' ? 'Raise' : 'Lower';
      return `${verb} min_enabled_version of key "${name}" from ${from} to ${minEnabledVersion}: ${effect(from, minEnabledVersion)}.`;
    },
    async execute({ name, minEnabledVersion }, _prepared: undefined, tx) {
      const key = await lockKey(tx, name);
      assertInRange(key, minEnabledVersion);
      assertDirection(direction, key, minEnabledVersion);
      return toKeySummary(await tx.key.update({ where: { id: key.id }, data: { minEnabledVersion, updatedAt: new Date() } }));
    },
    // Every provider holding the key enables or disables the matching versions.
    jobs: (key, _params, tx, ctx) => reconcileJobsForKey(tx, key.id, { action: `key.${direction}_min_enabled_version`, username: ctx.actor.username }),
  });
}

export const raiseMinEnabledVersionOperation = minEnabledVersionOperation('raise');
export const lowerMinEnabledVersionOperation = minEnabledVersionOperation('lower');
