import { createHash } from 'node:crypto';

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
  ip: string | null;
  userAgent: string | null;
}

const SECRET_NAME = /pass(word)?|secret|token|material|credential|private/i;

/** Parameters as the log keeps them: secrets replaced, whatever the caller passed. */
export function redact(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_NAME.test(k) ? '[redacted]' : redact(v)]),
    ) as Json;
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
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
  return canonicalJson({ ...fields, occurredAt: fields.occurredAt.toISOString() } as unknown as Json);
}

/** hash = SHA-256(prev_hash ‖ seq as 8 bytes big-endian ‖ content). Mirrors the SQL in record-event.ts. */
export function chainHash(prevHash: Uint8Array, seq: bigint, content: string): Buffer {
  const position = Buffer.alloc(8);
  position.writeBigInt64BE(seq);
  return createHash('sha256').update(prevHash).update(position).update(content, 'utf8').digest();
}
