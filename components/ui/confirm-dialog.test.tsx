import { describe, expect, it } from 'vitest';
import { confirmFailure } from './confirm-dialog';

describe('confirmFailure', () => {
  const refused = {
    error: "Type the key's name, \"k\", to confirm.",
    fieldErrors: { confirmation: ['The name does not match.'], tags: ['Too many tags.'] },
  };

  it('puts the errors of the fields the dialog shows beside them, without repeating the message', () => {
    expect(confirmFailure(refused, ['confirmation', 'pendingWindowDays'])).toEqual({ fieldErrors: { confirmation: ['The name does not match.'] } });
  });

  it('falls back to the message when no shown field has an error', () => {
    expect(confirmFailure(refused, ['pendingWindowDays'])).toBe(refused.error);
    expect(confirmFailure({ error: 'Not allowed.' }, ['confirmation'])).toBe('Not allowed.');
  });
});
