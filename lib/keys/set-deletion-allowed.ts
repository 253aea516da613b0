import 'server-only';
import { defineOperation } from '@/lib/operations/operation';
import { lockKey } from './lock-key';
import { deletionAllowedInput } from './schemas';
import { toKeySummary } from './views';

export const setDeletionAllowedOperation = defineOperation({
  id: 'key.set_deletion_allowed',
  label: 'Allow or prevent deletion of a key',
  approvable: true,
  schema: deletionAllowedInput,
  recorded: ['name', 'deletionAllowed'],
  target: (p) => `key:${p.name}`,
  async plan({ name, deletionAllowed }, tx) {
    await lockKey(tx, name, { lock: false });
    return `${deletionAllowed ? 'Allow' : 'Prevent'} deletion of key "${name}" (deletion_allowed = ${deletionAllowed}).`;
  },
  async execute({ name, deletionAllowed }, _prepared: undefined, tx) {
    const key = await lockKey(tx, name);
    return toKeySummary(await tx.key.update({ where: { id: key.id }, data: { deletionAllowed, updatedAt: new Date() } }));
  },
});
