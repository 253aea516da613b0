import { KmsError } from '../errors';

const invalidMarker = () => new KmsError('InvalidMarkerException', 'The marker that specifies where to start is not valid.');

/**
 * Markers name the last item returned (kind + cursor), so pages stay correct while items are
 * added or removed between calls. Items must be sorted by cursor.
 */
export function paginate<T>(
  items: T[],
  cursorOf: (item: T) => string,
  kind: string,
  limit: number,
  marker: string | undefined,
): { page: T[]; NextMarker?: string; Truncated: boolean } {
  let after: string | undefined;
  if (marker !== undefined) {
    const decoded = Buffer.from(marker, 'base64url').toString('utf8');
    if (!decoded.startsWith(`${kind}:`) || Buffer.from(decoded, 'utf8').toString('base64url') !== marker) {
      throw invalidMarker();
    }
    after = decoded.slice(kind.length + 1);
  }
  const rest = after === undefined ? items : items.filter((item) => cursorOf(item) > after);
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  if (rest.length <= limit || last === undefined) return { page, Truncated: false };
  return {
    page,
    NextMarker: Buffer.from(`${kind}:${cursorOf(last)}`, 'utf8').toString('base64url'),
    Truncated: true,
  };
}
