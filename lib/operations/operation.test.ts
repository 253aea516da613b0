import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineOperation, recordedParams } from './operation';

const base = {
  id: 'key.create' as const,
  label: 'test',
  approvable: false,
  schema: z.object({ name: z.string(), secretAccessKey: z.string().optional(), note: z.string().optional() }),
  target: (p: { name: string }) => `key:${p.name}`,
  execute: async () => null,
};

describe('audit parameters are deny-by-default', () => {
  it('records only the fields an operation lists', () => {
    const op = defineOperation({ ...base, recorded: ['name'] });
    expect(recordedParams(op, { name: 'a', note: 'x', secretAccessKey: 'hunter2' })).toEqual({ name: 'a' });
  });

  it('refuses to define an operation that would record a secret', () => {
    expect(() => defineOperation({ ...base, recorded: ['name', 'secretAccessKey'] as never })).toThrow(/secrets never reach/);
  });

  it('records nothing of inputs that are not objects', () => {
    const op = defineOperation({ ...base, recorded: ['name'] });
    for (const input of ['name', 42, null, undefined, ['name'], new Map([['name', 'a']])]) {
      expect(recordedParams(op, input)).toEqual({});
    }
  });
});
