import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Pagination } from './pagination';

function text(props: Partial<Parameters<typeof Pagination>[0]>) {
  const html = renderToStaticMarkup(
    <Pagination page={1} pageCount={1} total={0} shown={0} pageSize={25} noun={['key', 'keys']} href={(p) => `/keys?page=${p}`} {...props} />,
  );
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

describe('Pagination', () => {
  it('writes counts with thousands separators and page numbers as the URL does', () => {
    expect(text({ page: 2, pageCount: 50, total: 1234, shown: 25 })).toBe('26–50 of 1,234 keys Previous Page 2 of 50 Next');
    expect(text({ page: 41, pageCount: 50, total: 1234, shown: 25, pageSize: 25 })).toContain('1,001–1,025 of 1,234 keys');
  });

  it('says a page past the end is no page, in the singular when there is one page', () => {
    expect(text({ page: 99999, pageCount: 1, total: 3, shown: 0 })).toBe('3 keys Previous No page 99999 (1 page) Next');
    expect(text({ page: 1, pageCount: 1, total: 1, shown: 1 })).toBe('1–1 of 1 key Previous Page 1 of 1 Next');
  });
});
