import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import { lockKey } from './lock-key';
import { updateKeyDetailsInput } from './schemas';
import { toKeySummary, type KeySummary } from './views';

const DETAILS = ['description', 'owner', 'tags'] as const;
type Detail = (typeof DETAILS)[number];

export interface DetailsUpdate {
  key: KeySummary;
  /** The details that differed from what the key had, with their values before the change. */
  changed: Detail[];
  previous: Partial<Pick<KeySummary, Detail>>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Description, owner and tags: what operators read and search for. They take part in no
 * cryptographic operation, so no approval policy applies; the audit event records the new values,
 * which ones changed and what they were.
 */
export const updateKeyDetailsOperation = defineOperation({
  id: 'key.update_details',
  label: "Edit a key's description, owner and tags",
  approvable: false,
  schema: updateKeyDetailsInput,
  recorded: ['name', 'description', 'owner', 'tags'],
  target: (p) => `key:${p.name}`,
  async execute(params, _prepared: undefined, tx): Promise<DetailsUpdate> {
    const locked = await lockKey(tx, params.name);
    const current = await tx.key.findUniqueOrThrow({ where: { id: locked.id } });
    const changed = DETAILS.filter((d) => params[d] !== undefined && !same(params[d], current[d]));
    const previous = Object.fromEntries(changed.map((d) => [d, current[d]]));
    if (changed.length === 0) return { key: toKeySummary(current), changed, previous };
    const data = Object.fromEntries(changed.map((d) => [d, params[d]]));
    const key = await tx.key.update({ where: { id: locked.id }, data: { ...data, updatedAt: new Date() } });
    return { key: toKeySummary(key), changed, previous };
  },
  resultRecord: ({ changed, previous }) => ({ changed, previous }),
});

export const updateKeyDetails = (input: unknown, ctx: UseCaseContext) => perform(updateKeyDetailsOperation, input, ctx);
