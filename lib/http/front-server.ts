import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { ALLOWED_METHODS, announcedBody, bodyLimitOf, pathnameOf, screenRequest, type Refusal } from './request-screen';
import { newNonce, securityHeaders } from './security-headers';

export interface FrontServerOptions {
  /** What answers the requests that pass (Next.js's request handler). */
  handle: (req: IncomingMessage, res: ServerResponse) => unknown;
  /** WebSocket upgrades (Next's dev server only); refused when absent. */
  upgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => unknown;
  dev?: boolean;
}

/**
 * The one layer in front of every request: it sets the security headers (with a fresh CSP nonce)
 * on every response, refuses methods, malformed targets, oversized or non-JSON bodies from the
 * request head alone (lib/http/request-screen.ts), and cuts off a streamed body at its limit
 * while it arrives. Nothing refused here reaches Next.js or reads a byte of its body.
 */
export function createFrontServer({ handle, upgrade, dev = false }: FrontServerOptions): Server {
  const server = createServer((req, res) => {
    const nonce = newNonce();
    const headers = securityHeaders(nonce, { dev });
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const refusal = screenRequest(req);
    if (refusal) return refuse(req, res, refusal);
    // Next.js takes the nonce for its scripts from the request's CSP header: ours, never the client's.
    req.headers['content-security-policy'] = headers['Content-Security-Policy'];
    delete req.headers['content-security-policy-report-only'];
    if (announcedBody(req) === 'streamed') capStreamedBody(req, res, bodyLimitOf(pathnameOf(req.url!)));
    void handle(req, res);
  });
  // A client that asks before sending its body (Expect: 100-continue) is refused before it sends one.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (screenRequest(req)) return server.emit('request', req, res);
    res.writeContinue();
    server.emit('request', req, res);
  });
  // CONNECT never reaches the request listener in Node: answer it here.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => refuseRaw(socket, 405, 'Method Not Allowed'));
  // Requests Node's parser cannot read (a method it does not know, such as TRACK; a broken
  // request line or header) end here, answered with the same headers.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (err.code === 'ECONNRESET' && !socket.readable)) return socket.destroy();
    const [status, reason] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'Bad Request'];
    refuseRaw(socket, status, reason);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (upgrade && !screenRequest(req)) return upgrade(req, socket, head);
    refuseRaw(socket, 400, 'Bad Request');
  });
  return server;
}

const ALLOW = ALLOWED_METHODS.join(', ');

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_INVALID_METHOD: [405, 'Method Not Allowed'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'Content Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};

function refuse(req: IncomingMessage, res: ServerResponse, { status, code, message }: Refusal) {
  const pathname = pathnameOf(req.url ?? '');
  const api = pathname.startsWith('/api/') || pathname === '/api';
  res.statusCode = status;
  res.setHeader('Cache-Control', 'no-store');
  if (status === 405) res.setHeader('Allow', ALLOW);
  // The body is never handed to anyone: the connection ends with this response.
  if (announcedBody(req) !== 0) lingerClose(req, res);
  if (api) {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ error: message, code }));
  } else {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(`${message}\n`);
  }
}

function refuseRaw(socket: Duplex, status: number, reason: string) {
  const headers = Object.entries(securityHeaders(newNonce()))
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const allow = status === 405 ? `Allow: ${ALLOW}\r\n` : '';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${headers}${allow}Content-Length: 0\r\nConnection: close\r\n\r\n`);
}

/**
 * A body sent in chunks announces no length: it is counted as Node's HTTP parser hands it over
 * (`push` is where the parser delivers every chunk to the request stream, before any consumer
 * sees it). Past the limit nothing more is delivered, the client gets 413, and the connection
 * closes, which aborts the request for the handler still waiting on its body.
 */
function capStreamedBody(req: IncomingMessage, res: ServerResponse, limit: number) {
  let received = 0;
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk !== null) {
      received += (chunk as Buffer).length;
      if (received > limit) {
        // From here on, chunks are dropped and the end never arrives: the handler waiting on the
        // body sees the request aborted when the connection closes, never a truncated body.
        req.push = () => true;
        overflow(req, res, limit);
        return true;
      }
    }
    return push(chunk, encoding);
  };
}

function overflow(req: IncomingMessage, res: ServerResponse, limit: number) {
  // Next.js answered without reading the whole body (a 404, say): the answer stands.
  if (res.writableFinished) return linger(req.socket);
  if (res.headersSent) return req.socket.destroy();
  res.statusCode = 413;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'application/json');
  lingerClose(req, res);
  res.end(JSON.stringify({ error: `The request body is larger than ${limit / 1024} KiB.`, code: 'payload_too_large' }));
}

/** How long the rest of a refused body may still arrive (read and dropped) before the socket closes. */
const LINGER_MS = 2000;

/**
 * Ends the connection after answering a request whose body is refused: no further requests on
 * it (FIN), whatever still arrives is read and dropped, never held, and the socket closes soon
 * after. Closing it at once with unread data would reset the connection, and the client could
 * lose the answer before it read it.
 */
function lingerClose(req: IncomingMessage, res: ServerResponse) {
  res.once('finish', () => linger(req.socket));
}

function linger(socket: Socket) {
  socket.end();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
