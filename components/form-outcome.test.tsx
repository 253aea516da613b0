import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FormOutcome } from './form-outcome';

describe('FormOutcome', () => {
  it('keeps its live region while there is nothing to say, so the first message is announced', () => {
    expect(renderToStaticMarkup(<FormOutcome errorId="x-error" />)).toBe('<div aria-live="polite"></div>');
  });

  it('shows the error under the id the controls point at, and a success line', () => {
    expect(renderToStaticMarkup(<FormOutcome errorId="x-error" error="The last admin keeps the admin role." />)).toMatch(
      /^<div aria-live="polite"><p [^>]*id="x-error"[^>]*>The last admin keeps the admin role\.<\/p><\/div>$/,
    );
    expect(renderToStaticMarkup(<FormOutcome success="Password set." />)).toMatch(/^<div aria-live="polite"><p [^>]*>Password set\.<\/p><\/div>$/);
  });
});
