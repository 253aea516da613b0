import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { expect, test, type BrowserContext } from '@playwright/test';
import { E2E_PORT } from '../playwright.config';
import { queryDb, signIn } from './support';

/*
 * The front server (lib/http) against `npm start` itself: 200 MiB bodies to a route handler, a
 * server action and Auth.js's sign-in endpoint are refused without the dashboard's memory growing,
 * crafted methods and paths get a 4xx, and the JSON API takes JSON only, from this origin only.
 */

const MiB = 1024 * 1024;

/** The process listening on the dashboard's port (the front server with Next.js inside it). */
function dashboardPid(): number {
  const hexPort = `:${E2E_PORT.toString(16).toUpperCase().padStart(4, '0')}`;
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(hexPort) && cols[3] === '0A') inodes.add(cols[9]!);
    }
  }
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode && inodes.has(inode)) return Number(pid);
      } catch {
        // the descriptor closed meanwhile
      }
    }
  }
  throw new Error(`no process listens on port ${E2E_PORT}`);
}

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

interface Answer {
  status: number;
  /** Body bytes the client had written when the answer's head arrived. */
  sentBeforeAnswer: number;
  peakGrowthMiB: number;
}

/**
 * POSTs a 200 MiB body over a raw socket, with a Content-Length (sent only if the server has not
 * answered from the headers within 10 s) or chunked, while sampling the dashboard's RSS.
 */
function post200MiB(path: string, headers: Record<string, string>, framing: 'length' | 'chunked'): Promise<Answer> {
  const pid = dashboardPid();
  const before = rssMiB(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 25);
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: localhost:${E2E_PORT}`,
    'Connection: close',
    framing === 'length' ? `Content-Length: ${200 * MiB}` : 'Transfer-Encoding: chunked',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(E2E_PORT, '127.0.0.1');
    let received = '';
    let sent = 0;
    let sentBeforeAnswer = -1;
    const chunk = Buffer.alloc(MiB, 'a');
    const frame = framing === 'chunked' ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
    socket.on('data', (data) => {
      received += data.toString('latin1');
      if (sentBeforeAnswer === -1 && received.includes('\r\n\r\n')) sentBeforeAnswer = sent;
    });
    const finish = () => {
      setTimeout(() => {
        clearInterval(sampler);
        peak = Math.max(peak, rssMiB(pid));
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]);
        if (!status) return reject(new Error(`no answer after ${sent} bytes`));
        resolve({ status, sentBeforeAnswer, peakGrowthMiB: Math.round(peak - before) });
      }, 1000);
    };
    socket.once('close', finish);
    socket.on('error', () => {});
    socket.write(`${head}\r\n\r\n`, async () => {
      if (framing === 'length') await new Promise((go) => (socket.once('data', go), setTimeout(go, 10_000)));
      for (let i = 0; i < 200 && sentBeforeAnswer === -1 && !socket.destroyed; i++) {
        sent += chunk.length;
        if (!socket.write(frame)) await new Promise((go) => (socket.once('drain', go), socket.once('close', go)));
      }
      if (socket.destroyed) return;
      if (framing === 'chunked' && sentBeforeAnswer === -1) socket.end('0\r\n\r\n');
      else socket.end();
    });
  });
}

/** A server action the build registered, to aim at (any will do: the body never reaches it). */
function anAction(): string {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as { node: Record<string, unknown> };
  return Object.keys(manifest.node)[0]!;
}

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let cookie: string;

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page);
  cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
});
test.afterAll(() => context.close());

const TARGETS = [
  { name: 'a route handler (POST /api/keys, signed in)', path: '/api/keys', headers: () => ({ cookie, 'content-type': 'application/json' }) },
  {
    name: 'a server action (POST /new-key, signed in)',
    path: '/new-key',
    headers: () => ({ cookie, 'next-action': anAction(), 'content-type': 'text/plain;charset=UTF-8', origin: `http://localhost:${E2E_PORT}` }),
  },
  { name: 'Auth.js sign-in (signed out)', path: '/api/auth/callback/credentials', headers: () => ({ 'content-type': 'application/x-www-form-urlencoded' }) },
];

for (const target of TARGETS) {
  test(`a 200 MiB POST to ${target.name} is refused before its body is sent`, async () => {
    const answer = await post200MiB(target.path, target.headers(), 'length');
    console.log(`${target.path} Content-Length 200 MiB: ${answer.status}, ${answer.sentBeforeAnswer} body bytes sent first, RSS +${answer.peakGrowthMiB} MiB`);
    expect(answer.status).toBe(413);
    expect(answer.sentBeforeAnswer).toBe(0);
    expect(answer.peakGrowthMiB).toBeLessThan(32);
  });

  test(`a streamed 200 MiB POST to ${target.name} is cut off at the limit`, async () => {
    const answer = await post200MiB(target.path, target.headers(), 'chunked');
    console.log(`${target.path} chunked 200 MiB: ${answer.status}, ${Math.round(answer.sentBeforeAnswer / MiB)} MiB sent first, RSS +${answer.peakGrowthMiB} MiB`);
    expect(answer.status).toBe(413);
    expect(answer.peakGrowthMiB).toBeLessThan(64);
  });
}

test('three 200 MiB POSTs at once leave the dashboard as it was', async () => {
  const pid = dashboardPid();
  const before = rssMiB(pid);
  const answers = await Promise.all(TARGETS.map((t) => post200MiB(t.path, t.headers(), 'chunked')));
  expect(answers.map((a) => a.status)).toEqual([413, 413, 413]);
  console.log(`three at once: RSS ${Math.round(before)} → ${Math.round(rssMiB(pid))} MiB`);
  expect(rssMiB(pid) - before).toBeLessThan(96);
  // Still serving.
  expect((await fetch(`http://localhost:${E2E_PORT}/api/health`)).status).toBe(200);
});

test('crafted methods and paths get a 4xx and change nothing', async ({ request }) => {
  const [before] = await queryDb<{ n: string }>(`SELECT count(*)::text AS n FROM audit_events`);
  for (const method of ['TRACE', 'TRACK', 'PROPFIND', 'FOO']) {
    for (const path of ['/', '/keys', '/api/keys', '/api/auth/session']) {
      const response = await request.fetch(path, { method, headers: { cookie }, maxRedirects: 0 });
      expect(response.status(), `${method} ${path}`).toBe(405);
    }
  }
  for (const path of ['/api/keys/%ff', '/keys/%ff', '/approvals/%E0%A4%A', '/api/providers/%/keys', '/keys/a%00b', '/audit?actor=%ff']) {
    const response = await request.get(path, { headers: { cookie }, maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
    expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  }
  // CONNECT, which Node's HTTP server never hands to a request handler.
  const connectAnswer = await new Promise<string>((resolve) => {
    const socket = connect(E2E_PORT, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d));
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
    socket.write(`CONNECT localhost:${E2E_PORT} HTTP/1.1\r\nHost: localhost:${E2E_PORT}\r\n\r\n`);
  });
  expect(connectAnswer).toMatch(/^HTTP\/1\.1 405 /);
  const [after] = await queryDb<{ n: string }>(`SELECT count(*)::text AS n FROM audit_events`);
  expect(after!.n).toBe(before!.n);
});

test('the JSON API takes application/json only', async ({ request }) => {
  const name = 'request-limits-form';
  for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const response = await request.post('/api/keys', { headers: { cookie, 'content-type': contentType }, data: JSON.stringify({ name, type: 'aes256-gcm96' }) });
    expect(response.status(), contentType).toBe(415);
    expect(await response.json()).toMatchObject({ code: 'unsupported_media_type' });
  }
  expect(await queryDb(`SELECT 1 FROM keys WHERE name = $1`, [name])).toEqual([]);
  const json = await request.post('/api/keys', { headers: { cookie }, data: { name, type: 'aes256-gcm96' } });
  expect(json.status()).toBe(201);
});

test('an audit export cannot be started from another site, and still works from the audit page', async ({ page: _unused }, testInfo) => {
  void _unused;
  const page = await context.newPage();
  const exportsBefore = await queryDb(`SELECT 1 FROM audit_events WHERE action = 'audit.export'`);
  // A page on another site linking to the export: the browser sends the session cookie along
  // (a top-level navigation) and says where the request came from.
  await page.route('http://elsewhere.test/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: `<a id="x" href="http://localhost:${E2E_PORT}/api/audit/export?format=csv">export</a>` }),
  );
  await page.goto('http://elsewhere.test/');
  const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('/api/audit/export')), page.click('#x')]);
  expect(response.status()).toBe(403);
  expect(await queryDb(`SELECT 1 FROM audit_events WHERE action = 'audit.export'`)).toHaveLength(exportsBefore.length);

  await page.goto('/audit');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /CSV/ }).click()]);
  const file = testInfo.outputPath('audit.csv');
  await download.saveAs(file);
  expect(readFileSync(file, 'utf8').split('\n')[0]).toContain('action');
  await page.close();
});
