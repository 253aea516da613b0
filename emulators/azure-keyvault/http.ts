import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: object | undefined, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(body !== undefined && { 'Content-Type': 'application/json; charset=utf-8' }),
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache',
    'x-ms-request-id': randomUUID(),
    ...headers,
  });
  res.end(text);
}

/**
 * The query string decoded the way Azure decodes it: names may arrive percent-encoded
 * (`api%2Dversion`), which URLSearchParams turns back into `api-version`.
 */
export function queryOf(req: IncomingMessage): URLSearchParams {
  const url = req.url ?? '/';
  const at = url.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : url.slice(at + 1));
}

/** The path without the query, percent-decoded segment by segment; empty segments are kept. */
export function pathSegments(req: IncomingMessage): string[] {
  const url = req.url ?? '/';
  const path = url.split('?')[0] ?? '/';
  return path
    .split('/')
    .slice(1)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

export const pathOf = (req: IncomingMessage) => (req.url ?? '/').split('?')[0] ?? '/';
