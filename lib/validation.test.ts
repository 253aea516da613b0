import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from './errors';
import { bigintDigits, instant, parseInput, unstorableText } from './validation';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
};

describe('text every field must be able to store', () => {
  it('refuses U+0000 and lone surrogates, keeps paired surrogates and other text', () => {
    expect(unstorableText('a\u0000b')).toMatch(/NUL/);
    expect(unstorableText('\ud800')).toMatch(/surrogate/);
    expect(unstorableText('x\udfffy')).toMatch(/surrogate/);
    expect(unstorableText('🔑 ключ')).toBeNull();
  });

  it('parseInput refuses such text in any field, however nested, before the schema sees it', () => {
    const schema = z.object({ comment: z.string() }).loose();
    const err = refusal(() => parseInput(schema, { comment: 'ok', credentials: { source: { secret: 'a\u0000' } } })) as DomainError;
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe('invalid_input');
    expect(err.fieldErrors.credentials?.[0]).toMatch(/"credentials" contains a NUL character/);
    expect((refusal(() => parseInput(schema, { ['k\ud800']: 'v' })) as DomainError).message).toMatch(/field name/);
    expect(parseInput(schema, { comment: 'fine' })).toEqual({ comment: 'fine' });
  });

  it('parseInput refuses input nested deeper than any form or body of ours', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i += 1) deep = [deep];
    const err = refusal(() => parseInput(z.object({}).loose(), { a: deep })) as DomainError;
    expect(err.message).toMatch(/nested more than/);
  });
});

describe('instants', () => {
  it('accept years 0001 to 9999 and refuse the rest with a reason', () => {
    expect(instant.parse('2026-06-01T12:00Z')).toEqual(new Date('2026-06-01T12:00Z'));
    expect(instant.parse('0001-01-01T00:00:00Z').getUTCFullYear()).toBe(1);
    for (const bad of ['0000-01-01', '-271821-04-20', '+275760-09-13T00:00:00Z', '+010000-01-01T00:00:00Z']) {
      expect(instant.safeParse(bad).error?.issues[0]?.message, bad).toMatch(/outside the years 0001 to 9999/);
    }
    expect(instant.safeParse('2026-13-01').error?.issues[0]?.message).toMatch(/not a date/);
  });
});

describe('bigint cursors', () => {
  it('stay within PostgreSQL bigint', () => {
    expect(bigintDigits.parse('9223372036854775807')).toBe(9223372036854775807n);
    expect(bigintDigits.safeParse('9223372036854775808').success).toBe(false);
    expect(bigintDigits.safeParse('-1').success).toBe(false);
    expect(bigintDigits.safeParse('1e3').success).toBe(false);
  });
});
