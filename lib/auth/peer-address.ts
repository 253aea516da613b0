import type { IncomingMessage } from 'node:http';

/**
 * The TCP peer's address, as the dashboard's own server (scripts/server.ts) saw the connection.
 * Next.js gives route handlers and server actions no socket, so the server writes it into this
 * request header, overwriting whatever a client sent under the same name.
 */
export const PEER_ADDRESS_HEADER = 'x-keywarden-peer-address';

export function stampPeerAddress(req: IncomingMessage): IncomingMessage {
  const address = req.socket.remoteAddress;
  if (address) req.headers[PEER_ADDRESS_HEADER] = address;
  else delete req.headers[PEER_ADDRESS_HEADER];
  return req;
}
