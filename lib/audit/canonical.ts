import { createHmac } from 'node:crypto';

export const OUTCOMES = ['succeeded', 'denied', 'failed', 'requested'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The fields an event's hash covers, as stored. */
export interface EventFields {
  occurredAt: Date;
  actorId: string | null;
  actorName: string;
  actorRoles: string[];
  action: string;
  target: string | null;
  outcome: Outcome;
  params: Json;
  reason: string | null;
  requestId: string | null;
  /** Covered only when present, so events from before the column existed hash as they did. */
  clientRequestId?: string | null;
  ip: string | null;
  userAgent: string | null;
}

const SECRET_NAME = /pass(word)?|secret|token|material|credential|private/i;
const MAX_STRING = 1000;
const MAX_ITEMS = 50;
const MAX_DEPTH = 6;

/**
 * Text as PostgreSQL will store and return it, so that the hash computed now matches the one
 * recomputed from the row later: lone UTF-16 surrogates (e.g. an emoji cut in half) and NUL
 * (refused by text and jsonb) become U+FFFD.
 */
export function storable(text: string, max = MAX_STRING): string {
  return text.slice(0, max).toWellFormed().replaceAll('\u0000', '\uFFFD');
}

/**
 * Parameters as the log keeps them, whatever the caller passed: secrets replaced, text storable,
 * and size bounded (strings, items, depth), so no input can make its refusal unrecordable.
 */
export function redact(value: unknown, depth = 0): Json {
  if (value === null || value === undefined) return null;
  if (depth > MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => redact(v, depth + 1));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .slice(0, MAX_ITEMS)
        .map(([k, v]) => [storable(k, 100), SECRET_NAME.test(k) ? '[redacted]' : redact(v, depth + 1)]),
    ) as Json;
  }
  if (typeof value === 'string') return storable(withoutUrlSecrets(value));
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  return storable(String(value));
}

/**
 * URLs keep scheme, host and path only: userinfo (user:secret@), query and fragment can carry
 * credentials (a secret pasted into an endpoint, a SAS token), and no event needs them.
 */
function withoutUrlSecrets(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1[redacted]@').replace(/[?#].*$/s, (rest) => (rest.length > 1 ? `${rest[0]}[redacted]` : rest));
}

function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The exact bytes an event's hash covers besides its position: sorted-key JSON of its fields. */
export function canonicalContent(fields: EventFields): string {
  const { clientRequestId, ...rest } = fields;
  const content = { ...rest, ...(clientRequestId == null ? {} : { clientRequestId }), occurredAt: fields.occurredAt.toISOString() };
  return canonicalJson(content as unknown as Json);
}

/** hash = HMAC-SHA-256(chain key, prev_hash ‖ seq as 8 bytes big-endian ‖ content). */
export function chainHash(key: Uint8Array, prevHash: Uint8Array, seq: bigint, content: string): Buffer {
  const position = Buffer.alloc(8);
  position.writeBigInt64BE(seq);
  return createHmac('sha256', key).update(prevHash).update(position).update(content, 'utf8').digest();
}
