import { z } from 'zod';
import { keyName } from '@/lib/keys/schemas';
import { PROTECTIONS, PURPOSES } from '@/lib/providers/capabilities';
import { providerName } from '@/lib/providers/schemas';

const purposes = z
  .union([z.array(z.enum(PURPOSES, { error: `Purposes are ${PURPOSES.join(', ')}.` })), z.enum(PURPOSES).transform((p) => [p])], {
    error: `Choose purposes among ${PURPOSES.join(', ')}.`,
  })
  .refine((list) => list.length > 0 && list.length <= PURPOSES.length, 'Choose at least one purpose.');

export const distributeInput = z.object({
  provider: providerName,
  key: keyName,
  purposes,
  protection: z.enum(PROTECTIONS, { error: `Protection is ${PROTECTIONS.join(' or ')}.` }),
});

const flag = z.union([z.boolean(), z.enum(['true', 'false', 'on']).transform((v) => v !== 'false')], { error: 'Choose true or false.' });
const days = z.union([z.number(), z.string().trim().regex(/^\d+$/, 'Enter a whole number of days.').transform(Number)], {
  error: 'Enter the pending window as a whole number of days (7 to 30).',
})
  .pipe(z.number().int('Enter a whole number of days.').min(7, 'The pending window is 7 to 30 days.').max(30, 'The pending window is 7 to 30 days.'));

export const DEFAULT_PENDING_WINDOW_DAYS = 30;

export const removeInput = z.object({
  provider: providerName,
  key: keyName,
  pendingWindowDays: days.default(DEFAULT_PENDING_WINDOW_DAYS),
  purge: flag.default(false),
});

export const distributionRef = z.object({ provider: providerName, key: keyName });
