import { badParameter } from '../errors';
import type { VaultContext } from './context';

/** Pages of at most `maxresults` (1–25, default 25) with an absolute nextLink carrying a $skiptoken. */
export const MAX_RESULTS = 25;

export function page<T>(ctx: VaultContext, path: string, items: T[]): { value: T[]; nextLink: string | null } {
  const raw = ctx.query.get('maxresults');
  const size = raw === null || raw === '' ? MAX_RESULTS : Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > MAX_RESULTS) {
    throw badParameter(`Invalid value for maxresults: ${String(raw)}. It must be an integer between 1 and ${MAX_RESULTS}.`);
  }
  const start = skipOf(ctx.query.get('$skiptoken'));
  const end = start + size;
  if (end >= items.length) return { value: items.slice(start), nextLink: null };
  const token = Buffer.from(JSON.stringify({ NextMarker: String(end), TargetLocation: 0 })).toString('base64');
  const query = `api-version=${encodeURIComponent(ctx.apiVersion)}&$skiptoken=${encodeURIComponent(token)}`;
  const maxresults = raw !== null && raw !== '' ? `&maxresults=${size}` : '';
  return { value: items.slice(start, end), nextLink: `${ctx.origin}${path}?${query}${maxresults}` };
}

function skipOf(token: string | null): number {
  if (token === null || token === '') return 0;
  try {
    const marker = (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { NextMarker?: unknown }).NextMarker;
    const n = Number(marker);
    if (Number.isInteger(n) && n >= 0) return n;
  } catch {
    // fall through
  }
  throw badParameter('The $skiptoken is not valid.');
}
