import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FormFooter } from './form-footer';

const render = (props: Partial<Parameters<typeof FormFooter>[0]>) =>
  renderToStaticMarkup(<FormFooter errorId="f-error" submitLabel="Save settings" pending={false} {...props} />);

describe('FormFooter', () => {
  it('shows the error summary under the id the form points at, and a success line, in a live region', () => {
    const html = render({ error: 'Nothing to change.' });
    expect(html).toMatch(/<div aria-live="polite"[^>]*><p [^>]*id="f-error"[^>]*>Nothing to change\.<\/p><\/div>/);
    expect(render({ success: 'Settings saved.' })).toMatch(/<div aria-live="polite"[^>]*><p [^>]*>Settings saved\.<\/p><\/div>/);
  });

  it('offers the submit button, disabled while the form is sent, or says why the user cannot submit', () => {
    expect(render({})).toMatch(/<button type="submit"[^>]*>Save settings<\/button>/);
    expect(render({ pending: true })).toMatch(/<button type="submit"[^>]*disabled=""/);
    const denied = render({ deniedReason: 'Your roles cannot change settings.' });
    expect(denied).toContain('Your roles cannot change settings.');
    expect(denied).not.toContain('<button');
  });
});
