import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import { isUniqueViolation } from '@/lib/db/transaction';
import { DomainError } from '@/lib/errors';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import { createUserInput } from './schemas';

export const createUserOperation = defineOperation({
  id: 'user.create',
  label: 'Create a user',
  approvable: false,
  schema: createUserInput,
  recorded: ['username', 'roles'],
  target: (p) => `user:${p.username}`,
  prepare: ({ password }) => hashPassword(password),
  async execute({ username, roles }, passwordHash, tx) {
    try {
      const user = await tx.user.create({ data: { username, roles, passwordHash } });
      return { username: user.username, roles: user.roles };
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new DomainError('conflict', `A user named "${username}" already exists.`, { username: ['This username is taken.'] });
      }
      throw err;
    }
  },
});

export const createUser = (input: unknown, ctx: UseCaseContext) => perform(createUserOperation, input, ctx);
