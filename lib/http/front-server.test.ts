import { once } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFrontServer } from './front-server';
import { BODY_LIMITS } from './request-screen';

/*
 * The front server over a stand-in for Next.js that does what Next's handlers do with a body:
 * read all of it into memory. What the stand-in receives is what a route handler, a server
 * action or Auth.js would hold.
 */

interface Seen {
  method: string;
  url: string;
  bytes: number;
  csp: string | undefined;
}

let server: Server;
let port: number;
let seen: Seen[] = [];

function standIn(req: IncomingMessage, res: ServerResponse) {
  const entry: Seen = { method: req.method!, url: req.url!, bytes: 0, csp: req.headers['content-security-policy'] as string | undefined };
  seen.push(entry);
  // A page that answers without reading the body (Next's 404 does).
  if (req.url === '/answers-early') return res.end('early');
  req.on('data', (chunk: Buffer) => (entry.bytes += chunk.length));
  req.on('error', () => {});
  req.on('end', () => {
    res.setHeader('Content-Type', 'text/plain');
    res.end(`read ${entry.bytes}`);
  });
}

beforeAll(async () => {
  server = createFrontServer({ handle: standIn });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Body bytes written by the client before the answer's head arrived. */
  sentBeforeAnswer: number;
}

/**
 * One request over a raw socket: `head` as written, then (unless the answer came first) `body`
 * chunks, written with backpressure, as long as the connection takes them.
 */
function raw(head: string, body?: { chunk: Buffer; count: number; chunked?: boolean; afterAnswerOrMs?: number; keepSending?: boolean }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let sent = 0;
    let sentBeforeAnswer = -1;
    const finish = () => {
      const at = received.indexOf('\r\n\r\n');
      if (at === -1) return reject(new Error(`no answer (${JSON.stringify(received.slice(0, 80))})`));
      const [statusLine, ...lines] = received.slice(0, at).split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: received.slice(at + 4), sentBeforeAnswer });
    };
    socket.on('data', (data) => {
      received += data.toString('latin1');
      if (sentBeforeAnswer === -1 && received.includes('\r\n\r\n')) sentBeforeAnswer = sent;
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(head, async () => {
      if (!body) return;
      // Give the server the chance to answer from the head alone before a byte of the body goes.
      if (body.afterAnswerOrMs) await new Promise((go) => (socket.once('data', go), setTimeout(go, body.afterAnswerOrMs)));
      for (let i = 0; i < body.count && (body.keepSending || sentBeforeAnswer === -1) && !socket.destroyed; i++) {
        const frame = body.chunked ? Buffer.concat([Buffer.from(`${body.chunk.length.toString(16)}\r\n`), body.chunk, Buffer.from('\r\n')]) : body.chunk;
        sent += body.chunk.length;
        if (!socket.write(frame)) await new Promise((go) => (socket.once('drain', go), socket.once('close', go)));
      }
      if (!socket.destroyed && sentBeforeAnswer === -1) socket.write(body.chunked ? '0\r\n\r\n' : '');
    });
    setTimeout(() => socket.destroy(), 20_000).unref();
  });
}

const MiB = 1024 * 1024;
const request = (method: string, target: string, headers: Record<string, string> = {}) =>
  `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${Object.entries({ connection: 'close', ...headers })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

describe('bodies over the limit', () => {
  for (const [target, type] of [
    ['/api/keys', 'application/json'],
    ['/keys/new', 'text/plain;charset=UTF-8'],
    ['/api/auth/callback/credentials', 'application/x-www-form-urlencoded'],
  ] as const) {
    it(`refuses a 200 MiB Content-Length to ${target} with 413 before a byte of the body is sent`, async () => {
      const answer = await raw(request('POST', target, { 'content-type': type, 'content-length': String(200 * MiB) }), {
        chunk: Buffer.alloc(MiB, 'a'),
        count: 200,
        afterAnswerOrMs: 10_000,
      });
      expect(answer.status).toBe(413);
      expect(answer.sentBeforeAnswer).toBe(0);
      expect(seen).toEqual([]);
    });

    it(`cuts a streamed (chunked) 200 MiB body to ${target} off at its limit`, async () => {
      const rssBefore = process.memoryUsage().rss;
      const answer = await raw(request('POST', target, { 'content-type': type, 'transfer-encoding': 'chunked' }), {
        chunk: Buffer.alloc(64 * 1024, 'a'),
        count: 3200,
        chunked: true,
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).code).toBe('payload_too_large');
      // The handler got the request, but never more of its body than the limit.
      expect(seen).toHaveLength(1);
      expect(seen[0]!.bytes).toBeLessThanOrEqual(target.startsWith('/api/auth') ? BODY_LIMITS.auth : target.startsWith('/api') ? BODY_LIMITS.api : BODY_LIMITS.pages);
      expect(answer.sentBeforeAnswer).toBeLessThan(32 * MiB);
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * MiB);
    });
  }

  it('keeps an answer given before the body went over the limit', async () => {
    const answer = await raw(request('POST', '/answers-early', { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }), {
      chunk: Buffer.alloc(64 * 1024, 'a'),
      count: 3200,
      chunked: true,
      keepSending: true,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('early');
  });

  it('passes a body at the limit through whole', async () => {
    const body = Buffer.alloc(BODY_LIMITS.api, ' ');
    const answer = await raw(request('POST', '/api/keys', { 'content-type': 'application/json', 'content-length': String(body.length) }), { chunk: body, count: 1 });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(`read ${BODY_LIMITS.api}`);
  });

  it('answers Expect: 100-continue over the limit with 413 and no 100 Continue', async () => {
    const answer = await raw(request('POST', '/api/keys', { 'content-type': 'application/json', 'content-length': String(200 * MiB), expect: '100-continue' }));
    expect(answer.status).toBe(413);
    expect(seen).toEqual([]);
  });
});

describe('methods and targets', () => {
  for (const method of ['TRACE', 'TRACK', 'FOO', 'PROPFIND']) {
    it(`refuses ${method} with 405 and an Allow header`, async () => {
      const answer = await raw(request(method, '/api/keys'));
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toContain('GET');
      expect(seen).toEqual([]);
    });
  }

  it('refuses CONNECT with 405', async () => {
    const answer = await raw(`CONNECT 127.0.0.1:${port} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expect(answer.status).toBe(405);
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  for (const target of ['/api/keys/%ff', '/keys/%ff', '/approvals/%E0%A4%A', '/api/keys/%', '/api/keys/%zz', '/keys/a%00b', '/keys?q=%ff', '/keys?q=a%00b', '*', 'http://evil.example/keys']) {
    it(`refuses the target ${target} with 400`, async () => {
      const answer = await raw(request('GET', target));
      expect(answer.status).toBe(400);
      expect(seen).toEqual([]);
    });
  }

  for (const host of ['a b', '', 'evil.example/path', 'user@evil.example']) {
    it(`refuses the Host ${JSON.stringify(host)} with 400`, async () => {
      const answer = await raw(`GET /keys HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(answer.status).toBe(400);
      expect(seen).toEqual([]);
    });
  }

  it('passes well-formed encodings through as sent', async () => {
    const answer = await raw(request('GET', '/keys/%F0%9F%94%91?q=a%20b+c'));
    expect(answer.status).toBe(200);
    expect(seen[0]!.url).toBe('/keys/%F0%9F%94%91?q=a%20b+c');
  });
});

describe('the JSON API', () => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    it(`refuses a ${type} body with 415`, async () => {
      const answer = await raw(request('POST', '/api/keys', { 'content-type': type, 'content-length': '2' }), { chunk: Buffer.from('{}'), count: 1 });
      expect(answer.status).toBe(415);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'unsupported_media_type' });
      expect(seen).toEqual([]);
    });
  }

  it('refuses a body without a Content-Type with 415, and takes a bodiless POST', async () => {
    expect((await raw(request('POST', '/api/keys/k/rotate', { 'content-length': '2' }), { chunk: Buffer.from('{}'), count: 1 })).status).toBe(415);
    expect((await raw(request('POST', '/api/keys/k/rotate', { 'content-length': '0' }))).status).toBe(200);
  });

  it('leaves Auth.js its form posts', async () => {
    const form = Buffer.from('username=a&password=b');
    const answer = await raw(request('POST', '/api/auth/callback/credentials', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(form.length) }), { chunk: form, count: 1 });
    expect(answer.status).toBe(200);
  });

  it('refuses requests another site started, reads included', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const answer = await raw(request('GET', '/api/audit/export?format=csv', { 'sec-fetch-site': site }));
      expect(answer.status).toBe(403);
    }
    expect(seen).toEqual([]);
    expect((await raw(request('GET', '/api/audit/export?format=csv', { 'sec-fetch-site': 'same-origin' }))).status).toBe(200);
  });
});

describe('security headers', () => {
  it('are on passed and refused responses alike, with a fresh nonce each time that Next.js is handed', async () => {
    const passed = await raw(request('GET', '/keys', { 'content-security-policy': "script-src 'nonce-chosen-by-the-client'" }));
    const refused = await raw(request('TRACE', '/keys'));
    for (const answer of [passed, refused]) {
      expect(answer.headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{24}' 'strict-dynamic'/);
      expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(answer.headers['content-security-policy']).toContain("object-src 'none'");
      expect(answer.headers['content-security-policy']).not.toContain('unsafe-eval');
      expect(answer.headers['permissions-policy']).toContain('camera=()');
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
    }
    expect(passed.headers['content-security-policy']).not.toBe(refused.headers['content-security-policy']);
    expect(seen[0]!.csp).toBe(passed.headers['content-security-policy']);
  });
});
