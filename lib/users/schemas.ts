import { z } from 'zod';
import { PASSWORD_RULES } from '@/lib/auth/password-rules';
import { ROLES } from '@/lib/auth/permissions';

export const username = z
  .string({ error: 'Enter a username.' })
  .trim()
  .toLowerCase()
  .min(1, { message: 'Enter a username.', abort: true })
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'A username is 1–64 of a–z, 0–9, ".", "_" and "-", starting with a letter or digit.');

export const password = z
  .string({ error: 'Enter a password.' })
  .min(PASSWORD_RULES.minLength, `A password has at least ${PASSWORD_RULES.minLength} characters.`)
  .max(PASSWORD_RULES.maxLength, `A password has at most ${PASSWORD_RULES.maxLength} characters.`);

/** Roles from a form (one value or several) or JSON (an array). */
export const roles = z
  .union([z.array(z.string()), z.string().transform((r) => [r])], { error: `Choose roles among ${ROLES.join(', ')}.` })
  .pipe(z.array(z.enum(ROLES, { error: `Roles are ${ROLES.join(', ')}.` })))
  .transform((r) => [...new Set(r)].sort());

export const userRef = z.object({ username });
export const createUserInput = z.object({ username, password, roles: roles.default([]) });
export const setRolesInput = z.object({ username, roles: roles.default([]) });
export const setDisabledInput = z.object({
  username,
  disabled: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], { error: 'Choose true or false.' }),
});
export const resetPasswordInput = z.object({ username, password });
