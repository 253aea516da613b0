import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { getDb } from '@/lib/db/client';
import { requirePermission } from '@/lib/auth/authorize';
import { perform, type Performed } from '@/lib/operations/perform';
import { auditingRefusals } from '@/lib/operations/record-refusal';
import { DomainError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { keyNotFound } from './lock-key';
import { updateKeyConfigInput } from './schemas';
import { setDeletionAllowedOperation } from './set-deletion-allowed';
import { lowerMinEnabledVersionOperation, raiseMinEnabledVersionOperation } from './set-min-enabled-version';
import type { KeySummary } from './views';

export interface ConfigChange {
  setting: 'deletion_allowed' | 'min_enabled_version';
  outcome: Performed<KeySummary>;
}

/** How a settings change refused before it splits into operations is audited. */
const settingsChange = {
  id: 'key.update_settings',
  target: (p: { name?: unknown }) => `key:${String(p.name)}`,
  recorded: ['name', 'minEnabledVersion', 'deletionAllowed'],
};

/**
 * The key settings form (Vault's `POST keymgmt/key/:name`): each setting that differs from the
 * key's current value is its own operation, with its own permission and approval policy.
 * deletion_allowed goes first, so a request to raise min_enabled_version cannot hold it back.
 */
export async function updateKeyConfig(input: unknown, ctx: UseCaseContext): Promise<ConfigChange[]> {
  const { params, key } = await auditingRefusals(settingsChange, input, ctx, async () => {
    // Each setting checks its own permission when it runs; this refuses a caller who may change
    // none of them before telling them anything (even "nothing to change").
    requirePermission(ctx, 'key.set_deletion_allowed');
    const params = parseInput(updateKeyConfigInput, input);
    const key = await (ctx.tx ?? getDb()).key.findUnique({ where: { name: params.name } });
    if (!key) throw keyNotFound(params.name);
    // Checked before anything runs, so a bad version cannot leave deletion_allowed half-applied.
    if (params.minEnabledVersion !== undefined && params.minEnabledVersion > key.latestVersion) {
      const message = `min_enabled_version must be between 0 and ${key.latestVersion}, the latest version of "${key.name}".`;
      throw new DomainError('invalid_input', message, { minEnabledVersion: [message] });
    }
    return { params, key };
  });
  const { name, minEnabledVersion, deletionAllowed } = params;
  const changes: ConfigChange[] = [];
  if (deletionAllowed !== undefined && deletionAllowed !== key.deletionAllowed) {
    changes.push({ setting: 'deletion_allowed', outcome: await perform(setDeletionAllowedOperation, { name, deletionAllowed }, ctx) });
  }
  if (minEnabledVersion !== undefined && minEnabledVersion !== key.minEnabledVersion) {
    const op = minEnabledVersion > key.minEnabledVersion ? raiseMinEnabledVersionOperation : lowerMinEnabledVersionOperation;
    changes.push({ setting: 'min_enabled_version', outcome: await perform(op, { name, minEnabledVersion }, ctx) });
  }
  return changes;
}
