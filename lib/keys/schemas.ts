import { z } from 'zod';
import { storableText } from '@/lib/validation';
import { KEY_TYPE_NAMES } from './key-types';

export const keyName = z
  .string({ error: 'Enter a key name.' })
  .trim()
  .min(1, { message: 'Enter a key name.', abort: true })
  .max(128, 'A key name has at most 128 characters.')
  .regex(/^[A-Za-z0-9_-]+$/, 'A key name may contain only letters, digits, "_" and "-".');

export const keyType = z.enum(KEY_TYPE_NAMES, { error: `Choose a key type: ${KEY_TYPE_NAMES.join(', ')}.` });

export const createKeyInput = z.object({ name: keyName, type: keyType });
export type CreateKeyInput = z.input<typeof createKeyInput>;

/** Versions arrive from forms as strings; accept digits only, never "1e3" or "2.5". */
const version = z.union([z.number(), z.string().trim().regex(/^\d+$/, 'Enter a whole number.').transform(Number)])
  .pipe(z.number().int('Enter a whole number.').min(0, 'Versions start at 0.').max(2_147_483_647, 'That version is too large.'));

const flag = z.union([z.boolean(), z.enum(['true', 'false', 'on']).transform((v) => v !== 'false')]);

export const minEnabledVersionInput = z.object({ name: keyName, minEnabledVersion: version });
export const deletionAllowedInput = z.object({ name: keyName, deletionAllowed: flag });

export const updateKeyConfigInput = z
  .object({ name: keyName, minEnabledVersion: version.optional(), deletionAllowed: flag.optional() })
  .refine((v) => v.minEnabledVersion !== undefined || v.deletionAllowed !== undefined, {
    message: 'Nothing to change: give min_enabled_version or deletion_allowed.',
  });
export type UpdateKeyConfigInput = z.input<typeof updateKeyConfigInput>;

export const KEY_SORTS = ['name', 'type', 'created', 'updated', 'versions'] as const;
export const listKeysQuery = z.object({
  // A search PostgreSQL could not run (U+0000, broken Unicode) is dropped like any bad value.
  q: storableText.trim().max(128).optional().catch(undefined),
  type: keyType.optional().catch(undefined),
  sort: z.enum(KEY_SORTS).default('name').catch('name'),
  dir: z.enum(['asc', 'desc']).default('asc').catch('asc'),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).catch(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25).catch(25),
});
/** Search params as they arrive from a URL: anything, each value parsed or defaulted. */
export type ListKeysQuery = Record<string, string | string[] | undefined>;

export const keyRef = z.object({ name: keyName });
export type KeyRef = z.input<typeof keyRef>;
