import { isValidAuthority } from '../auth/peer-address';

/**
 * What the front server (lib/http/front-server.ts) refuses before Next.js sees a request: only
 * the request line and headers are looked at, so a refusal costs nothing and reads no body.
 */

const KiB = 1024;

/** The largest body each kind of endpoint accepts (README, "The HTTP layer"). */
export const BODY_LIMITS = {
  /** The JSON API: its largest documents (a provider with a CA bundle) fit with room to spare. */
  api: 64 * KiB,
  /** Auth.js (sign-in, sign-out, CSRF): a form of a few short fields. */
  auth: 16 * KiB,
  /** Pages and their server actions (forms): also Next's serverActions.bodySizeLimit (next.config.js). */
  pages: 1024 * KiB,
} as const;

export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export interface RequestHead {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface Refusal {
  status: 400 | 403 | 405 | 413 | 415;
  code: string;
  message: string;
}

type Endpoint = 'api' | 'auth' | 'pages';

export function endpointOf(pathname: string): Endpoint {
  if (pathname === '/api/auth' || pathname.startsWith('/api/auth/')) return 'auth';
  if (pathname === '/api' || pathname.startsWith('/api/')) return 'api';
  return 'pages';
}

export function bodyLimitOf(pathname: string): number {
  return BODY_LIMITS[endpointOf(pathname)];
}

const header = (head: RequestHead, name: string) => {
  const value = head.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';', 1)[0]!.trim().toLowerCase() || undefined;
}

// Decoded control characters (NUL included) are never part of a name this application serves.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Each path segment and query component must be valid percent-encoded UTF-8 without control characters. */
function malformedTarget(target: string): string | null {
  if (!target.startsWith('/')) return 'The request target must be a path.';
  const queryAt = target.indexOf('?');
  const pathname = queryAt === -1 ? target : target.slice(0, queryAt);
  const query = queryAt === -1 ? '' : target.slice(queryAt + 1);
  for (const segment of pathname.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return 'The path is not valid percent-encoded UTF-8.';
    }
    if (CONTROL.test(decoded)) return 'The path contains a control character.';
  }
  for (const component of query.split(/[&=]/)) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(component.replaceAll('+', ' '));
    } catch {
      return 'The query string is not valid percent-encoded UTF-8.';
    }
    if (CONTROL.test(decoded)) return 'The query string contains a control character.';
  }
  return null;
}

export function pathnameOf(target: string): string {
  const queryAt = target.indexOf('?');
  return queryAt === -1 ? target : target.slice(0, queryAt);
}

/** The body length the headers announce: a number, `streamed` (chunked), or 0 for none. */
export function announcedBody(head: RequestHead): number | 'streamed' {
  if (header(head, 'transfer-encoding')) return 'streamed';
  const length = header(head, 'content-length');
  return length ? Number(length) : 0;
}

/**
 * Whether a browser says this request was started by another site (or a sibling subdomain).
 * `none` is the user's own navigation (address bar, bookmark); clients outside a browser send no
 * Sec-Fetch-Site at all and are not acting for someone else.
 */
export function isCrossSite(secFetchSite: string | null | undefined): boolean {
  return Boolean(secFetchSite) && secFetchSite !== 'same-origin' && secFetchSite !== 'none';
}

/** Why this request is refused, or null when it may go on to Next.js. */
export function screenRequest(head: RequestHead): Refusal | null {
  const method = head.method ?? '';
  if (!(ALLOWED_METHODS as readonly string[]).includes(method)) {
    return { status: 405, code: 'method_not_allowed', message: `The method ${method.slice(0, 20)} is not allowed.` };
  }
  const target = head.url ?? '';
  const malformed = malformedTarget(target);
  if (malformed) return { status: 400, code: 'invalid_input', message: malformed };
  // Next.js builds each request's URL from its Host: one it cannot parse must not reach it.
  const host = header(head, 'host');
  if (host !== undefined && !isValidAuthority(host)) return { status: 400, code: 'invalid_input', message: 'The Host header is not a valid host name.' };

  const pathname = pathnameOf(target);
  const endpoint = endpointOf(pathname);
  const body = announcedBody(head);
  const limit = BODY_LIMITS[endpoint];
  if (typeof body === 'number' && body > limit) {
    return { status: 413, code: 'payload_too_large', message: `The request body is larger than ${limit / KiB} KiB.` };
  }

  if (endpoint === 'api') {
    // The JSON API is for this origin's pages and for clients outside a browser, never for
    // another site: a navigation or form from elsewhere (Sec-Fetch-Site cross-site or same-site)
    // is refused before any handler runs, reads included (an export is audited).
    if (isCrossSite(header(head, 'sec-fetch-site'))) {
      return { status: 403, code: 'forbidden', message: 'Cross-site requests are refused.' };
    }
    // Only JSON bodies: a cross-site HTML form can send text/plain, form-encoded or multipart,
    // never application/json.
    const type = mediaType(header(head, 'content-type'));
    if ((type !== undefined || body !== 0) && method !== 'GET' && method !== 'HEAD' && type !== 'application/json') {
      return { status: 415, code: 'unsupported_media_type', message: 'Send the request body as application/json.' };
    }
  }
  return null;
}
