import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { policyInput } from './approvals/set-policy';
import * as distribution from './distribution/schemas';
import * as keys from './keys/schemas';
import * as providers from './providers/schemas';
import * as users from './users/schemas';

/** What zod says when a rule has no message of its own: never what a person should read. */
const ZOD_DEFAULT = /^(Invalid input|Invalid option|Invalid (string|number|element|key|union)|Expected |Too (big|small)|Unrecognized key|Required$)/;

const BAD_VALUES: unknown[] = [undefined, null, -1, '', ' ', '1.5', 1.5, '1e2', 1e2 + 0.5, '-1', 'x'.repeat(5000), {}, [], [1], true, 'true'];

const exported: [string, unknown][] = Object.entries({ ...keys, ...users, ...providers, ...distribution, policyInput });
const objectSchemas = exported
  .flatMap(([name, schema]) => (schema instanceof z.ZodType ? [[name, schema] as const] : []))
  .flatMap(([name, schema]) => {
    const shape = shapeOf(schema);
    return shape ? [[name, schema, Object.keys(shape)] as const] : [];
  });

function shapeOf(schema: z.ZodType): Record<string, unknown> | null {
  const def = (schema as { def?: { type?: string; shape?: Record<string, unknown>; in?: z.ZodType; schema?: z.ZodType } }).def;
  if (def?.type === 'object') return def.shape ?? null;
  if (def?.type === 'pipe' && def.in) return shapeOf(def.in);
  return null;
}

describe('every validation message is written for a person', () => {
  it('walks the schemas', () => {
    expect(objectSchemas.length).toBeGreaterThan(10);
  });
  it.each(objectSchemas.map(([name, schema, fields]) => [name, schema, fields] as const))('%s', (_name, schema, fields) => {
    const defaults: string[] = [];
    for (const field of fields) {
      for (const value of BAD_VALUES) {
        const result = schema.safeParse({ [field]: value });
        for (const issue of result.success ? [] : result.error.issues) {
          if (ZOD_DEFAULT.test(issue.message)) defaults.push(`${issue.path.join('.') || '(object)'} = ${JSON.stringify(value)?.slice(0, 20)}: ${issue.message}`);
        }
      }
    }
    expect([...new Set(defaults)]).toEqual([]);
  });
  it('says what a version must be for the values a new user tried', () => {
    for (const value of ['-1', '', '1.5', '1e2', -1, 1.5]) {
      const result = keys.minEnabledVersionInput.safeParse({ name: 'k', minEnabledVersion: value });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.message).toMatch(/whole number|Versions start at 0/);
    }
    for (const value of ['-1', '', '1.5', -1, 1.5]) {
      const result = policyInput.safeParse({ operation: 'key.rotate', requiredApprovals: value, expiresAfterHours: 24 });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.message).toMatch(/whole number of approvals|0 or more approvals/);
    }
  });
});
