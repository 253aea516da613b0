import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PaginationBar } from './pagination';

describe('PaginationBar', () => {
  it('links the steps that lead somewhere and shows the others disabled, in a named nav', () => {
    const html = renderToStaticMarkup(
      <PaginationBar
        count="Events #90 to #41, newest first"
        previous={{ label: '← Newest events' }}
        next={{ label: 'Older events →', href: '/audit?before=41', rel: 'next' }}
      />,
    );
    expect(html).toMatch(/^<nav aria-label="Pagination"/);
    expect(html).toContain('Events #90 to #41, newest first');
    expect(html).toMatch(/<span [^>]*aria-disabled="true"[^>]*>← Newest events<\/span>/);
    const older = html.match(/<a [^>]*>Older events →<\/a>/)?.[0];
    expect(older).toContain('href="/audit?before=41"');
    expect(older).toContain('rel="next"');
  });
});
