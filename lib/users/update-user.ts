import 'server-only';
import type { UseCaseContext } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import { defineOperation } from '@/lib/operations/operation';
import { perform } from '@/lib/operations/perform';
import { lockUser, lockUserKeepingAnAdmin } from './guards';
import { resetPasswordInput, setDisabledInput, setRolesInput } from './schemas';

export const setRolesOperation = defineOperation({
  id: 'user.set_roles',
  label: "Set a user's roles",
  approvable: false,
  schema: setRolesInput,
  recorded: ['username', 'roles'],
  target: (p) => `user:${p.username}`,
  async execute({ username, roles }, _prepared: undefined, tx) {
    const user = await lockUserKeepingAnAdmin(tx, username, (u) => u.roles.includes('admin') && !roles.includes('admin'));
    await tx.user.update({ where: { id: user.id }, data: { roles } });
    return { username, roles };
  },
});

/** A disabled user's sessions stop working on their next request (the session version moves). */
export const setDisabledOperation = defineOperation({
  id: 'user.set_disabled',
  label: 'Disable or enable a user',
  approvable: false,
  schema: setDisabledInput,
  recorded: ['username', 'disabled'],
  target: (p) => `user:${p.username}`,
  async execute({ username, disabled }, _prepared: undefined, tx) {
    const user = await lockUserKeepingAnAdmin(tx, username, () => disabled);
    await tx.user.update({
      where: { id: user.id },
      data: { disabledAt: disabled ? (user.disabledAt ?? new Date()) : null, sessionVersion: { increment: 1 } },
    });
    return { username, disabled };
  },
});

/** A new password ends every session of the user. */
export const resetPasswordOperation = defineOperation({
  id: 'user.reset_password',
  label: "Reset a user's password",
  approvable: false,
  schema: resetPasswordInput,
  recorded: ['username'],
  target: (p) => `user:${p.username}`,
  prepare: ({ password }) => hashPassword(password),
  async execute({ username }, passwordHash, tx) {
    const user = await lockUser(tx, username);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    return { username };
  },
});

export const setRoles = (input: unknown, ctx: UseCaseContext) => perform(setRolesOperation, input, ctx);
export const setDisabled = (input: unknown, ctx: UseCaseContext) => perform(setDisabledOperation, input, ctx);
export const resetPassword = (input: unknown, ctx: UseCaseContext) => perform(resetPasswordOperation, input, ctx);
