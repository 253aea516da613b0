import { z } from 'zod';
import { storableText } from '@/lib/validation';
import { KEY_DETAIL_LIMITS } from './detail-limits';
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
const version = z.union([z.number(), z.string().trim().regex(/^\d+$/, 'Enter a whole number.').transform(Number)], {
  error: 'Enter a version: a whole number of 0 or more (digits only, e.g. 3).',
})
  .pipe(z.number().int('Enter a whole number.').min(0, 'Versions start at 0.').max(2_147_483_647, 'That version is too large.'));

const flag = z.union([z.boolean(), z.enum(['true', 'false', 'on']).transform((v) => v !== 'false')], {
  error: 'Choose true or false.',
});

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

/** Operator-facing details: free text and labels, never part of any cryptographic operation. */
const tag = z
  .string({ error: 'A tag is text.' })
  .trim()
  .toLowerCase()
  .min(1, 'A tag cannot be empty.')
  .max(KEY_DETAIL_LIMITS.tag, `A tag has at most ${KEY_DETAIL_LIMITS.tag} characters.`)
  .regex(/^[a-z0-9][a-z0-9._:=-]*$/, 'A tag is letters, digits and ".", "_", ":", "=", "-", starting with a letter or digit.');
/** Tags from JSON (a list) or a form (one comma-separated field); duplicates fold, order kept. */
const tags = z
  .union([z.array(z.unknown()), z.string().transform((v) => v.split(',').filter((t) => t.trim() !== ''))], {
    error: 'Give tags as a list (JSON) or comma-separated text (a form).',
  })
  .pipe(z.array(tag).max(KEY_DETAIL_LIMITS.tags, `A key has at most ${KEY_DETAIL_LIMITS.tags} tags.`))
  .transform((t) => [...new Set(t)]);

export const updateKeyDetailsInput = z
  .object({
    name: keyName,
    description: storableText.trim().max(KEY_DETAIL_LIMITS.description, `A description has at most ${KEY_DETAIL_LIMITS.description} characters.`).optional(),
    owner: storableText.trim().max(KEY_DETAIL_LIMITS.owner, `An owner has at most ${KEY_DETAIL_LIMITS.owner} characters.`).optional(),
    tags: tags.optional(),
  })
  .refine((v) => v.description !== undefined || v.owner !== undefined || v.tags !== undefined, {
    message: 'Nothing to change: give description, owner or tags.',
  });
export type UpdateKeyDetailsInput = z.input<typeof updateKeyDetailsInput>;

export const publicKeyRef = z.object({
  name: keyName,
  version: version,
});

export const keyRef = z.object({ name: keyName });
export type KeyRef = z.input<typeof keyRef>;
