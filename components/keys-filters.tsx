'use client';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition, type FormEvent } from 'react';
import { KEY_TYPE_NAMES, KEY_TYPES } from '@/lib/keys/key-types';
import { Button } from './ui/button';
import { cn } from './ui/cn';
import { Field, inputBase } from './ui/field';

export const PAGE_SIZES = [25, 50, 100] as const;
const DEBOUNCE_MS = 300;

type Filters = { q: string; type: string; pageSize: string };

function same(a: Filters, b: Filters): boolean {
  return a.q === b.q && a.type === b.type && a.pageSize === b.pageSize;
}

interface Props {
  q: string;
  type: string;
  pageSize: number;
  /** Sort and direction to keep, already in URL form (empty when they are the defaults). */
  keep: Record<string, string>;
}

/**
 * The keys list's filters apply as they change (typing waits 300 ms for a pause) and replace the
 * URL, so the server renders the list and the address can be shared. Any change starts at page 1.
 */
export function KeysFilters({ q: initialQ, type: initialType, pageSize: initialPageSize, keep }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const [q, setQ] = useState(initialQ);
  const [type, setType] = useState(initialType);
  const [pageSize, setPageSize] = useState(String(initialPageSize));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // What this form last put in the URL.
  const applied = useRef<Filters>({ q: initialQ, type: initialType, pageSize: String(initialPageSize) });
  const [navigating, startTransition] = useTransition();

  function apply(next: Filters) {
    clearTimeout(timer.current);
    if (same(applied.current, next)) return;
    applied.current = next;
    const params = new URLSearchParams();
    if (next.q) params.set('q', next.q);
    if (next.type) params.set('type', next.type);
    for (const [name, value] of Object.entries(keep)) params.set(name, value);
    if (next.pageSize !== String(PAGE_SIZES[0])) params.set('pageSize', next.pageSize);
    const search = params.toString();
    startTransition(() => router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false }));
  }

  useEffect(() => () => clearTimeout(timer.current), []);

  // A navigation this form did not make (a link, Back): show the URL's values. While its own
  // replace is under way the props may still be an earlier query's, so they wait. (Keying the form
  // by the URL instead would remount it after each keystroke's replace and lose the focus.)
  useEffect(() => {
    if (navigating) return;
    const fromUrl = { q: initialQ, type: initialType, pageSize: String(initialPageSize) };
    if (same(applied.current, fromUrl)) return;
    applied.current = fromUrl;
    setQ(fromUrl.q);
    setType(fromUrl.type);
    setPageSize(fromUrl.pageSize);
  }, [navigating, initialQ, initialType, initialPageSize]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply({ q, type, pageSize });
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter keys">
      <Field id="filter-q" label="Search by name" inline>
        {(control) => (
          <input
            {...control}
            name="q"
            type="search"
            value={q}
            onChange={(e) => {
              const next = e.target.value;
              setQ(next);
              clearTimeout(timer.current);
              timer.current = setTimeout(() => apply({ q: next, type, pageSize }), DEBOUNCE_MS);
            }}
            placeholder="Name contains…"
            className={cn(inputBase, 'w-56 font-mono')}
          />
        )}
      </Field>
      <Field id="filter-type" label="Type" inline>
        {(control) => (
          <select
            {...control}
            name="type"
            value={type}
            onChange={(e) => {
              setType(e.target.value);
              apply({ q, type: e.target.value, pageSize });
            }}
            className={cn(inputBase, 'w-auto')}
          >
            <option value="">All types</option>
            {KEY_TYPE_NAMES.map((name) => (
              <option key={name} value={name}>
                {KEY_TYPES[name].label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="filter-page-size" label="Per page" inline>
        {(control) => (
          <select
            {...control}
            name="pageSize"
            value={pageSize}
            onChange={(e) => {
              setPageSize(e.target.value);
              apply({ q, type, pageSize: e.target.value });
            }}
            className={cn(inputBase, 'w-auto')}
          >
            {/* A size set by hand in the URL (bounded by the server) stays selectable. */}
            {!PAGE_SIZES.some((size) => String(size) === pageSize) && <option value={pageSize}>{pageSize}</option>}
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        )}
      </Field>
      {(q || type) && (
        <Button
          variant="link"
          onClick={() => {
            setQ('');
            setType('');
            apply({ q: '', type: '', pageSize });
          }}
        >
          Clear filters
        </Button>
      )}
    </form>
  );
}
