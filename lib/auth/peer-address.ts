import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { trustedProxies } from './client-address';

/**
 * The TCP peer's address, as the dashboard's own server (scripts/server.ts) saw the connection.
 * Next.js gives route handlers and server actions no socket, so the server writes it into this
 * request header, overwriting whatever a client sent under the same name.
 */
export const PEER_ADDRESS_HEADER = 'x-keywarden-peer-address';

/** Headers by which a proxy says which host and scheme the client asked for (Next and Auth.js read them). */
const FORWARDED_ORIGIN_HEADERS = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded'] as const;

/** host[:port], a host name (`_` too: container and internal DNS names) or an IP address (IPv6 in brackets). */
const AUTHORITY = /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function isValidAuthority(value: string): boolean {
  if (!AUTHORITY.test(value)) return false;
  const bracketed = /^\[([^\]]+)\]/.exec(value);
  return !bracketed || isIP(bracketed[1]!) === 6;
}

/**
 * Stamps the peer address and keeps the forwarded origin headers only from a trusted proxy
 * (KEYWARDEN_TRUSTED_PROXIES), and then only when a URL can be built from them: a client's own
 * X-Forwarded-Host would otherwise choose the host of Auth.js's redirects, and an unparseable
 * one made every route answer 500.
 */
export function stampPeerAddress(req: IncomingMessage): IncomingMessage {
  const address = req.socket.remoteAddress;
  if (address) req.headers[PEER_ADDRESS_HEADER] = address;
  else delete req.headers[PEER_ADDRESS_HEADER];
  const mapped = address?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const trusted = Boolean(mapped) && trustedProxies().check(mapped!, isIP(mapped!) === 4 ? 'ipv4' : 'ipv6');
  const forwardedHost = req.headers['x-forwarded-host'];
  const forwardedProto = req.headers['x-forwarded-proto'];
  const usable =
    trusted &&
    (forwardedHost === undefined || (typeof forwardedHost === 'string' && isValidAuthority(forwardedHost))) &&
    (forwardedProto === undefined || forwardedProto === 'http' || forwardedProto === 'https');
  if (!usable) for (const name of FORWARDED_ORIGIN_HEADERS) delete req.headers[name];
  return req;
}
