import { existsSync, readFileSync, rmSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
type Playwright = { request: { newContext(options: { baseURL: string }): Promise<APIRequestContext> } };
import { E2E_ADMIN_PASSWORD } from '../playwright.config';
import { queryDb } from './support';

/*
 * Crafted input against every route handler and every server action of the running dashboard,
 * signed out, as a viewer and as an admin: nothing may answer 5xx and nothing may change.
 * Routes are found from app/api/**\/route.ts and actions from the build's server-reference
 * manifest, so a new one is probed without editing this file.
 */

/*
 * The data folder outlives a run, so fixtures are named per run. A failed test restarts the
 * worker (and beforeAll); the fixtures and the baseline the last test compares against are kept
 * per runner process, so "nothing changed" still covers every test of the run.
 */
const STATE_FILE = path.join(tmpdir(), `keywarden-crafted-input-${process.ppid}.json`);
const saved = existsSync(STATE_FILE) ? (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { run: string; requestId: string; before: Record<string, string>; auditSeq: string }) : null;
const RUN = saved?.run ?? Date.now().toString(36);
let requestId = '00000000-0000-0000-0000-000000000000';
const VIEWER = { username: `corpus-viewer-${RUN}`, password: 'corpus-viewer-password-1' };
const OPERATOR = { username: `corpus-operator-${RUN}`, password: 'corpus-operator-password-1' };
const KEY = `corpus-key-${RUN}`;
const PROVIDER = 'aws-local';
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

// ---------------------------------------------------------------------------------------------
// The corpus

const LONG = 'a'.repeat(5000);
// No literal "[object Object]": the last test looks for it as the sign of an object turned into text.
const NASTY_STRINGS = ['\u0000', 'a\u0000b', '\ud800', 'x\udfffy', LONG, '__proto__', ' ', '\u202e', '🔑'.repeat(100)];
const ODD_VALUES: unknown[] = [
  ...NASTY_STRINGS,
  null, true, 0, -1, 1.5, 1e308, 9223372036854775807, Number.MAX_SAFE_INTEGER + 2,
  [], ['a', 'b'], [['nested']], {}, { toString: 'x' }, { __proto__: { admin: true } },
];
const FIELDS = [
  'name', 'type', 'username', 'password', 'roles', 'minEnabledVersion', 'deletionAllowed', 'purposes', 'protection',
  'pendingWindowDays', 'purge', 'decision', 'comment', 'requiredApprovals', 'expiresAfterHours', 'kind',
  'keyCollection', 'endpoint', 'stsEndpoint', 'caBundle', 'credentials', 'confirmation', 'provider', 'key',
  'operation', 'requestId', 'disabled', 'callbackUrl',
];

/** Raw request bodies: not JSON, not an object, prototype keys, depth, every field odd at once, one field odd alone. */
function bodies(): string[] {
  const raw = ['', 'null', '[]', '"a string"', '42', '{', '{"a":', '\u0000', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
    '['.repeat(5000) + ']'.repeat(5000), '{"a":'.repeat(3000) + '1' + '}'.repeat(3000), `{"name":"${'x'.repeat(70 * 1024)}"}`,
    '{"minEnabledVersion":1e400}', '{"minEnabledVersion":-1e400}', '{"requiredApprovals":9223372036854775808}',
    '{"name":"\\ud800"}', '{"comment":"\\u0000","decision":"deny"}', '{"comment":"\\ud800","decision":"approve"}',
    '{"decision":["approve","deny"]}', '{"password":"\\u0000aaaaaaaaaaaaaa"}', '{"roles":"\\u0000"}',
    '{"minEnabledVersion":"NaN"}', '{"minEnabledVersion":"Infinity"}', '{"minEnabledVersion":"0x10"}',
    '{"pendingWindowDays":"1e1"}', '{"expiresAfterHours":1e400,"requiredApprovals":1}', '{"requiredApprovals":-0.5}',
    '{"purposes":[null],"protection":"hsm"}', '{"purposes":"encrypt","protection":{"$ne":1}}',
    '{"endpoint":"http://\\u0000"}', '{"caBundle":"\\u0000"}', '{"credentials":"\\u0000"}', '{"credentials":[]}',
    '{"credentials":{"accessKeyId":"\\u0000","secretAccessKey":"\\ud800"}}'];
  for (const value of ODD_VALUES) raw.push(JSON.stringify(Object.fromEntries(FIELDS.map((f) => [f, value]))));
  return raw;
}

/** Query strings for every GET: each filter and paging parameter given odd values (and twice). */
function queries(): string[] {
  const names = ['q', 'type', 'sort', 'dir', 'page', 'pageSize', 'state', 'actor', 'action', 'target', 'outcome', 'from', 'to', 'before', 'limit', 'format', 'pendingWindowDays', 'purge'];
  const values = ['%00', 'a%00b', '%ed%a0%80', '%ff', '%C0%AF', 'x'.repeat(5000), '-1', '0', '1.5', 'NaN', 'Infinity', '-Infinity', '1e400', '1e21',
    '9223372036854775808', '99999999999999999999999', '0000-01-01', '0000-01-01T00:00', '-271821-04-20', '275760-09-13T00:00:00Z', '294277-01-01',
    '9999-12-31T23:59', '2026-02-30', '2026-13-01T00:00', '%20', '__proto__'];
  // Every parameter odd at once (one request per value), then each one alone where it matters most.
  const out = values.map((value) => names.map((name) => `${name}=${value}`).join('&'));
  for (const name of names) out.push(`${name}=%00`);
  for (const name of ['q', 'page', 'from', 'before', 'format', 'state']) out.push(`${name}=a&${name}=b`, `${name}[]=1`);
  out.push('from=2026-06-02&to=2026-06-01', 'from=2026-06-02T00:00&to=2026-06-01T00:00', 'format=csv&format=jsonl', 'format=csv&from=0000-01-01',
    'format=jsonl&to=-271821-04-20', 'format=csv&before=9223372036854775808', 'format=csv&actor=%00', 'before=-9223372036854775809', 'page=1&page=2');
  return out;
}

/** Values for a dynamic segment, already percent-encoded as they go on the wire. */
const SEGMENTS = ['a%00b', '%ed%a0%80', 'x'.repeat(3000), '__proto__', '9223372036854775808', '%2F'];
/** Segments only the HTTP layer can refuse (malformed percent-encoding). */
const MALFORMED_SEGMENTS = ['%ff', '%', '%zz', '%E0%A4%A'];

const HEADER_SETS: Record<string, string>[] = [
  { 'content-type': 'application/json; charset=utf-16' },
  { 'content-type': 'text/plain' },
  { 'content-type': 'multipart/form-data' },
  { 'content-type': 'multipart/form-data; boundary=x' },
  { 'content-type': 'application/x-www-form-urlencoded' },
  { 'content-length': '0' },
  { 'x-forwarded-for': 'not-an-ip, \u00ff' },
  { origin: 'null' },
  { origin: 'http://%ff' },
  { accept: '\u00ff/\u00ff' },
  { 'user-agent': 'x'.repeat(8000) },
  { cookie: 'authjs.session-token=%ff%00; __proto__=1' },
  { range: 'bytes=9223372036854775808-' },
  { 'if-modified-since': '0000-01-01' },
  { 'x-request-id': '\u00ff'.repeat(300) },
];

// ---------------------------------------------------------------------------------------------
// What there is to probe

interface Route {
  file: string;
  /** The methods whose handler reads a body or query; for the others a well-formed path alone is a valid request. */
  readingInput: string[];
  /** The URL path with `:segment` placeholders. */
  pattern: string;
  methods: string[];
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

function discoverRoutes(): Route[] {
  return routeFiles('app/api').map((file) => {
    const source = readFileSync(file, 'utf8');
    const methods = [...source.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)].map((m) => m[1]!);
    const reexported = [...source.matchAll(/export\s+(?:const\s+)?\{([^}]*)\}/g)].flatMap((m) => m[1]!.split(',').map((s) => s.trim().split(/\s+as\s+/).pop()!));
    const all = [...new Set([...methods, ...reexported.filter((n) => (METHODS as readonly string[]).includes(n))])];
    const rel = path.relative('app', path.dirname(file)).split(path.sep);
    const pattern = '/' + rel.map((seg) => (seg.startsWith('[') ? `:${seg.replace(/[[\].]/g, '')}` : seg)).join('/');
    const chunks = source.split(/(?=export\s+(?:async\s+)?function\s+)/);
    const readingInput = all.filter((m) => chunks.some((c) => new RegExp(`^export\\s+(?:async\\s+)?function\\s+${m}\\b`).test(c) && /readJsonObject|queryOf|searchParams|request\.(json|text|formData)/.test(c)));
    return { file, pattern, methods: all, readingInput };
  });
}

/**
 * The value of each dynamic segment when the corpus varies something else: the fixtures, where the
 * route reads a body or query (every crafted one is invalid); a name that exists nowhere where it
 * reads nothing else, since there a well-formed path is itself a valid change (disable, rotate).
 */
function baseValue(name: string, pattern: string, method: string): string {
  if (pattern.startsWith('/api/auth')) return 'session';
  const route = routes?.find((r) => r.pattern === pattern);
  // A provider's fields may be cleared with null, so a crafted body can be a valid edit of it too.
  const providerChange = pattern.startsWith('/api/providers/') && name === 'name';
  if (route && !['GET', 'HEAD', 'OPTIONS'].includes(method) && (providerChange || !route.readingInput.includes(method))) {
    return name === 'id' ? '00000000-0000-4000-8000-000000000000' : `missing-${RUN}`;
  }
  // No user: a crafted body can hold a valid password or role list, and the users are the callers.
  return ({ name: pattern.startsWith('/api/providers') ? PROVIDER : KEY, key: KEY, username: `missing-${RUN}`, operation: 'key.delete', id: requestId } as Record<string, string>)[name] ?? 'x';
}

function fill(pattern: string, overrides: Record<string, string> = {}, method = 'GET'): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => overrides[name] ?? baseValue(name, pattern, method));
}

interface Action {
  id: string;
  name: string;
  page: string;
}

/** Every 'use server' export the build registered, with a page that serves it. */
function discoverActions(): Action[] {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { workers: Record<string, unknown>; exportedName?: string; filename?: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers).sort((a, b) => a.length - b.length)[0]!;
    const page = worker
      .replace(/^app/, '')
      .replace(/\/page$/, '')
      .split('/')
      .filter((s) => !/^\(.*\)$/.test(s))
      .map((s) => (s === '[id]' ? requestId : s.startsWith('[') ? KEY : s))
      .join('/') || '/';
    return { id, name: `${entry.filename ?? '?'}#${entry.exportedName ?? id.slice(0, 8)}`, page };
  });
}

/**
 * A name that exists nowhere: an action that takes one name ignores extra arguments, so a call
 * with a real key's name first would be a valid rotation, not a crafted one.
 */
const MISSING = `missing-${RUN}`;

/** Argument lists the UI never sends, as React's reply encoding carries them (JSON, or multipart with a "0" root). */
function actionBodies(): { contentType?: string; body: string | Record<string, string> }[] {
  const json = (args: unknown[]) => ({ contentType: 'text/plain;charset=UTF-8', body: JSON.stringify(args) });
  const out: { contentType?: string; body: string | Record<string, string> }[] = [
    json([]), json([null]), json([null, null]), json([{}]), json([null, {}]), json(['a string']), json([null, 'a string']),
    json([42]), json([1e308, -1]), json([[]]), json([null, ['a', 'b']]), json([{ name: KEY }]), json([null, { name: { toString: 'x' } }]),
    json([{ __proto__: { admin: true }, constructor: { prototype: {} } }]), json([null, { name: {}, type: [] }]),
    json(['\u0000']), json(['\ud800', '\ud800']), json([LONG, LONG]), json([MISSING, { toString: 1 }]), json([MISSING, ['x']]), json([{}, {}]),
    json([{ provider: '\u0000', key: KEY, confirmation: KEY }]), json([{ provider: PROVIDER, key: {}, confirmation: {} }]),
    json([MISSING, 'yes']), json([MISSING, {}]), json([MISSING, '\u0000']), json(['\u0000', KEY]),
    json([null, { username: '\u0000', password: '\u0000', roles: ['viewer'] }]),
    json([['deep'.repeat(1)].concat(...Array(50).fill([]))]),
    { contentType: 'text/plain;charset=UTF-8', body: '["$K1"]' },
    { contentType: 'text/plain;charset=UTF-8', body: '["$@1"]' },
    { contentType: 'text/plain;charset=UTF-8', body: '{"a":1}' },
    { contentType: 'text/plain;charset=UTF-8', body: '['.repeat(3000) + ']'.repeat(3000) },
  ];
  const forms: Record<string, string>[] = [
    {},
    Object.fromEntries(FIELDS.map((f) => [`1_${f}`, '\u0000'])),
    Object.fromEntries(FIELDS.map((f) => [`1_${f}`, '\ud800'])),
    Object.fromEntries(FIELDS.map((f) => [`1_${f}`, LONG])),
    { '1_name': KEY, '1_minEnabledVersion': '9223372036854775808' },
    { '1_name': KEY, '1_minEnabledVersion': '1e400' },
    { '1_name': KEY, '1_type': '\u0000' },
    { '1_requestId': '9223372036854775808', '1_decision': 'deny', '1_comment': '\u0000' },
    { '1_requestId': requestId, '1_decision': 'deny', '1_comment': 'a\ud800b' },
    { '1_requestId': requestId, '1_decision': 'deny', '1_comment': 'a\u0000b' },
    { '1_requestId': requestId, '1_decision': 'maybe', '1_comment': LONG },
    { '1_operation': 'key.delete', '1_requiredApprovals': '1e400', '1_expiresAfterHours': '-Infinity' },
    { '1_operation': 'key.delete', '1_requiredApprovals': '9223372036854775808', '1_expiresAfterHours': 'NaN' },
    { '1_name': '__proto__', '1___proto__': 'x', '1_constructor': 'y' },
  ];
  for (const form of forms) out.push({ body: { '0': '[null,"$K1"]', ...form } }, { body: { '0': '["$K1"]', ...form } });
  out.push({ body: { '0': '[null,"$K9"]' } });
  return out;
}

/** Envelopes React's reply decoder cannot read: Next.js refuses them before any action runs. */
const MALFORMED_ENVELOPES: { contentType?: string; body: string | Record<string, string> }[] = [
  { contentType: 'text/plain;charset=UTF-8', body: '[' },
  { contentType: 'text/plain;charset=UTF-8', body: '' },
  { contentType: 'text/plain;charset=UTF-8', body: '["$Q1"]' },
  { body: { '0': '[' } },
  { body: { x: 'no root' } },
];

// ---------------------------------------------------------------------------------------------
// The state that must not change

const TABLES = ['keys', 'key_versions', 'users', 'providers', 'distributions', 'approval_requests', 'approval_decisions', 'approval_policies'];

async function snapshot() {
  const counts: Record<string, string> = {};
  for (const table of TABLES) {
    const [row] = await queryDb<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`).catch(() => [{ n: 'absent' }]);
    counts[table] = row!.n;
  }
  // Reads (export, verify) and sessions are audited as they succeed; any other success of the
  // corpus's callers is a change (the job worker's own events, as system, are not theirs).
  const [events] = await queryDb<{ n: string }>(
    `SELECT count(*)::text AS n FROM audit_events WHERE outcome NOT IN ('denied', 'failed') AND action NOT LIKE 'audit.%' AND action NOT LIKE 'auth.%'
        AND actor_name = ANY($1::text[])`,
    [['admin', VIEWER.username, OPERATOR.username]],
  );
  counts['audit_events (changes)'] = events!.n;
  const [users] = await queryDb<{ state: string }>(`SELECT string_agg(username || ':' || (disabled_at IS NULL)::text || ':' || session_version || ':' || array_to_string(roles, '+'), ',' ORDER BY username) AS state FROM users`);
  counts['users (state)'] = users?.state ?? '';
  const [requests] = await queryDb<{ state: string }>(`SELECT string_agg(number || ':' || state, ',' ORDER BY number) AS state FROM approval_requests`);
  counts['approval_requests (state)'] = requests?.state ?? '';
  const [keys] = await queryDb<{ state: string }>(`SELECT string_agg(name || ':' || latest_version || ':' || min_enabled_version || ':' || deletion_allowed::text, ',' ORDER BY name) AS state FROM keys`);
  counts['keys (state)'] = keys?.state ?? '';
  return counts;
}

async function garbageAuditTargets(since: string) {
  return queryDb<{ seq: string; action: string; target: string }>(
    `SELECT seq::text, action, target FROM audit_events
      WHERE seq > $1::bigint AND (target LIKE '%[object%' OR target ~ '[\\x01-\\x08]' OR params::text LIKE '%[object %'
             OR (target ~ ':(undefined|null)$' AND action NOT LIKE 'auth.%'))`,
    [since],
  );
}

// ---------------------------------------------------------------------------------------------
// Sending

interface Probe {
  method: string;
  url: string;
  headers?: Record<string, string>;
  data?: string;
  multipart?: Record<string, string>;
  form?: Record<string, string>;
}

const actionNames = new Map<string, string>();

interface Failure {
  probe: string;
  status: number;
}

/** Sends probes a few at a time; returns every answer of 500 or more (a thrown request counts as one). */
async function send(request: APIRequestContext, probes: Probe[], concurrency = 8): Promise<{ sent: number; failures: Failure[] }> {
  const failures: Failure[] = [];
  let next = 0;
  async function worker() {
    while (next < probes.length) {
      const probe = probes[next++]!;
      const headers = Object.entries(probe.headers ?? {}).map(([k, v]) => `${k}: ${k === 'next-action' ? actionNames.get(v) ?? v : v.slice(0, 40)}`);
      const body = probe.data ?? JSON.stringify(probe.multipart ?? probe.form ?? '');
      const label = `${probe.method} ${probe.url.slice(0, 160)} ${headers.join('; ')} ${body.slice(0, 100)}`;
      try {
        const response = await request.fetch(probe.url, {
          method: probe.method,
          headers: probe.headers,
          data: probe.data,
          multipart: probe.multipart,
          form: probe.form,
          maxRedirects: 0,
          failOnStatusCode: false,
          timeout: 30_000,
        });
        // Readiness answers 503 by design while a dependency is down.
        const documented = response.status() === 503 && new URL(probe.url, 'http://x').pathname.startsWith('/api/health');
        if (response.status() >= 500 && !documented) failures.push({ probe: label, status: response.status() });
        await response.dispose();
      } catch (err) {
        const message = err instanceof Error ? err.message.split('\n')[0]! : 'error';
        // The HTTP layer answers a refused body (413, 415) and closes without reading it; the client
        // may see the close first. The health check below tells that from a crash.
        if (/ECONNRESET|socket hang up|EPIPE/.test(message)) closed += 1;
        else failures.push({ probe: `${label} (${message})`, status: 0 });
      }
    }
  }
  let closed = 0;
  await Promise.all(Array.from({ length: concurrency }, worker));
  const health = await request.get('/api/health', { failOnStatusCode: false });
  expect(health.status(), 'the dashboard still answers after the corpus').toBeLessThan(500);
  if (closed > 0) console.log(`${closed} requests had their connection closed by the server before the answer was read`);
  if (failures.length > 0) writeFileSync(test.info().outputPath('5xx.json'), JSON.stringify(failures, null, 1));
  return { sent: probes.length, failures };
}

/**
 * How much of the corpus each caller gets: signed out, everything stops at the session check, so
 * a sample shows that; a viewer is refused every change before its body is parsed, but reads parse
 * every query; the admin gets all of it.
 */
type Depth = 'sample' | 'reads' | 'all';

function routeProbes(routes: Route[], depth: Depth): Probe[] {
  const probes: Probe[] = [];
  const allBodies = depth === 'all' ? bodies() : bodies().slice(0, 8);
  const allQueries = depth === 'sample' ? queries().slice(0, 8) : queries();
  for (const route of routes) {
    const segments = [...route.pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    for (const method of route.methods) {
      const url = fill(route.pattern, {}, method);
      const changes = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
      // The export of the whole log is a valid request whose size grows with every run: narrow it.
      const narrow = route.pattern === '/api/audit/export' ? `&target=key:missing-${RUN}` : '';
      if (method === 'GET') for (const query of allQueries) probes.push({ method, url: `${url}?${query}${narrow}` });
      if (changes) for (const data of allBodies) probes.push({ method, url, data, headers: { 'content-type': 'application/json' } });
      const json = { 'content-type': 'application/json' };
      if (method === route.methods[0]) {
        for (const headers of HEADER_SETS) probes.push({ method, url: narrow ? `${url}?${narrow.slice(1)}` : url, headers: changes ? { ...json, ...headers } : headers, data: changes ? '{}' : undefined });
      }
      for (const segment of segments) for (const value of SEGMENTS) probes.push({ method, url: fill(route.pattern, { [segment]: value }, method), ...(changes && { data: '{}', headers: json }) });
    }
    // Auth.js's own endpoints take forms: sign-in with odd credentials and redirect targets.
    if (route.pattern.startsWith('/api/auth')) {
      for (const value of [...NASTY_STRINGS, 'http://[', '//evil.example', 'javascript:alert(1)']) {
        for (const action of ['callback/credentials', 'signin/credentials', 'signout']) {
          probes.push({ method: 'POST', url: `/api/auth/${action}`, form: { username: value, password: value, csrfToken: value, callbackUrl: value } });
        }
        probes.push({ method: 'GET', url: `/api/auth/error?error=${encodeURIComponent(value.toWellFormed())}` });
      }
    }
    // Methods the file does not export must be refused too.
    for (const method of METHODS.filter((m) => !route.methods.includes(m))) {
      const url = fill(route.pattern, {}, method);
      probes.push(method === 'GET' || method === 'HEAD' ? { method, url } : { method, url, data: '{}', headers: { 'content-type': 'application/json' } });
    }
  }
  return probes;
}

/** Cases the HTTP layer in front of the routes must refuse: malformed percent-encoding, TRACE. */
function httpLayerProbes(routes: Route[]): Probe[] {
  const probes: Probe[] = [];
  for (const route of routes) {
    const segments = [...route.pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    for (const segment of segments) for (const value of MALFORMED_SEGMENTS) for (const method of route.methods) probes.push({ method, url: fill(route.pattern, { [segment]: value }, method) });
    probes.push({ method: 'TRACE', url: fill(route.pattern, {}, 'TRACE') }, { method: 'GET', url: `${fill(route.pattern)}/%ff` });
    // A Host the URL of the request cannot be built from.
    const first = route.methods[0]!;
    probes.push({ method: first, url: fill(route.pattern, {}, first), headers: { 'x-forwarded-host': '' } }, { method: first, url: fill(route.pattern, {}, first), headers: { 'x-forwarded-host': 'a b' } });
  }
  // Auth.js's sign-in page with redirect targets it cannot parse.
  for (const value of ['%00', 'http://[', '__proto__', 'javascript:alert(1)']) probes.push({ method: 'GET', url: `/api/auth/signin?callbackUrl=${value}` });
  // ...and in its callback-url cookie, which Auth.js reads on every endpoint.
  for (const url of ['/api/auth/session', '/api/auth/csrf', '/api/auth/providers']) probes.push({ method: 'GET', url, headers: { cookie: 'authjs.callback-url=http%3A%2F%2F%5B' } });
  probes.push({ method: 'GET', url: '/api/%ff' }, { method: 'TRACE', url: '/' }, { method: 'GET', url: '/keys/%ff' }, { method: 'GET', url: '/keys?q=%00' });
  return probes;
}

function actionProbes(actions: Action[], depth: Depth | 'envelopes'): Probe[] {
  const probes: Probe[] = [];
  const all = depth === 'envelopes' ? MALFORMED_ENVELOPES : actionBodies();
  for (const action of actions) {
    for (const { contentType, body } of depth === 'sample' ? all.filter((_, i) => i % 3 === 0) : all) {
      const headers: Record<string, string> = { 'next-action': action.id, accept: 'text/x-component', origin };
      if (typeof body === 'string') probes.push({ method: 'POST', url: action.page, headers: { ...headers, 'content-type': contentType! }, data: body });
      else probes.push({ method: 'POST', url: action.page, headers, multipart: body });
    }
    // A form posted without JavaScript names its action in a field instead of the header.
    if (depth !== 'envelopes') for (const fields of <Record<string, string>[]>[{}, { name: '\u0000', type: '\ud800' }, { [`$ACTION_REF_1`]: '', [`1_$ACTION_ID_${action.id}`]: '', '1_name': '\u0000' }]) {
      probes.push({ method: 'POST', url: action.page, headers: { origin }, multipart: { [`$ACTION_ID_${action.id}`]: '', ...fields } });
    }
  }
  return probes;
}

// ---------------------------------------------------------------------------------------------


let origin: string;
let pw: Playwright;
let admin: APIRequestContext;
let viewer: APIRequestContext;
let anonymous: APIRequestContext;
let routes: Route[];
let actions: Action[];
let before: Record<string, string>;
let auditSeq: string;
const disposers: (() => Promise<void>)[] = [];

/** A request context holding the user's session cookie (Auth.js's credentials callback, no browser). */
async function signedIn(playwright: Playwright, baseURL: string, username: string, password: string): Promise<APIRequestContext> {
  const context = await playwright.request.newContext({ baseURL });
  disposers.push(() => context.dispose());
  const { csrfToken } = (await (await context.get('/api/auth/csrf')).json()) as { csrfToken: string };
  await context.post('/api/auth/callback/credentials', { form: { csrfToken, username, password, callbackUrl: '/' }, maxRedirects: 0 });
  const session = (await (await context.get('/api/auth/session')).json()) as { user?: { name?: string } } | null;
  expect(session?.user, `${username} is signed in`).toBeTruthy();
  return context;
}

test.beforeAll(async ({ playwright, baseURL }) => {
  origin = baseURL!;
  pw = playwright;
  test.setTimeout(120_000);
  admin = await signedIn(playwright, baseURL!, 'admin', E2E_ADMIN_PASSWORD);
  routes = discoverRoutes();
  actions = discoverActions();
  for (const action of actions) actionNames.set(action.id, action.name);
  anonymous = await playwright.request.newContext({ baseURL });
  disposers.push(() => anonymous.dispose());
  if (saved) {
    ({ requestId, before, auditSeq } = saved);
    viewer = await signedIn(playwright, baseURL!, VIEWER.username, VIEWER.password);
    return;
  }
  // Fixtures the probes aim at: a key, a viewer, and a pending approval request to decide.
  for (const [url, data] of [['/api/keys', { name: KEY, type: 'aes256-gcm96' }], ['/api/users', { ...VIEWER, roles: ['viewer'] }], ['/api/users', { ...OPERATOR, roles: ['operator'] }]] as const) {
    const response = await admin.post(url, { data });
    expect(response.status(), `${url}: ${await response.text()}`).toBe(201);
  }
  // Requested by someone else, so the admin's decisions get past "requesters never decide".
  const operator = await signedIn(playwright, baseURL!, OPERATOR.username, OPERATOR.password);
  expect((await operator.patch(`/api/keys/${KEY}`, { data: { deletionAllowed: true } })).status()).toBe(200);
  const deletion = await operator.delete(`/api/keys/${KEY}`);
  expect(deletion.status(), await deletion.text()).toBe(202);
  const [pending] = await queryDb<{ id: string }>(`SELECT id::text FROM approval_requests WHERE target = $1 AND state = 'pending'`, [`key:${KEY}`]);
  expect(pending, 'a pending request to aim decisions at').toBeTruthy();
  requestId = pending!.id;
  viewer = await signedIn(playwright, baseURL!, VIEWER.username, VIEWER.password);
  before = await snapshot();
  const [head] = await queryDb<{ seq: string }>(`SELECT coalesce(max(seq), 0)::text AS seq FROM audit_events`);
  auditSeq = head!.seq;
  writeFileSync(STATE_FILE, JSON.stringify({ run: RUN, requestId, before, auditSeq }));
});

test.afterAll(async () => {
  for (const dispose of disposers.reverse()) await dispose();
});

test('every route file and every server action is found and probed', () => {
  const files = routeFiles('app/api');
  expect(routes.map((r) => r.file).sort()).toEqual(files.sort());
  for (const route of routes) expect(route.methods, `${route.file} exports a method`).not.toHaveLength(0);
  expect(actions.length, 'server actions in the build').toBeGreaterThan(10);
  const exported = readdirSync('lib/actions')
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .flatMap((f) => {
      const source = readFileSync(path.join('lib/actions', f), 'utf8');
      if (!/^'use server'/m.test(source)) return [];
      return [...source.matchAll(/export\s+async\s+function\s+(\w+)/g)].map((m) => m[1]!);
    });
  const inBuild = new Set(actions.map((a) => a.name.split('#')[1]));
  for (const name of exported) expect(inBuild, `${name} is in the build's server-reference manifest`).toContain(name);
});

for (const who of ['signed out', 'viewer', 'admin'] as const) {
  test(`route handlers answer crafted input without a 5xx (${who})`, async () => {
    test.setTimeout(180_000);
    const client = who === 'admin' ? admin : who === 'viewer' ? viewer : anonymous;
    const { sent, failures } = await send(client, routeProbes(routes, who === 'admin' ? 'all' : who === 'viewer' ? 'reads' : 'sample'));
    console.log(`routes (${who}): ${sent} requests, ${failures.length} answered 5xx`);
    expect(failures.slice(0, 40), `${failures.length} of ${sent} requests answered 5xx`).toEqual([]);
  });

  test(`server actions refuse argument shapes the UI never sends without a 5xx (${who})`, async () => {
    test.setTimeout(180_000);
    const client = who === 'admin' ? admin : who === 'viewer' ? viewer : anonymous;
    // Signing out (here or everywhere) ends the session these probes ride on: those go last, then the user signs in again.
    const signOut = actions.filter((a) => /#signOut(Everywhere)?Action$/.test(a.name));
    // Shapes are checked before the session, so one caller gets every shape and the others a sample.
    const depth = who === 'admin' ? 'all' : 'sample';
    const first = await send(client, actionProbes(actions.filter((a) => !signOut.includes(a)), depth));
    const last = await send(client, actionProbes(signOut, depth));
    if (who === 'admin') admin = await signedIn(pw, origin, 'admin', E2E_ADMIN_PASSWORD);
    if (who === 'viewer') viewer = await signedIn(pw, origin, VIEWER.username, VIEWER.password);
    const failures = [...first.failures, ...last.failures];
    const sent = first.sent + last.sent;
    console.log(`actions (${who}): ${sent} requests, ${failures.length} answered 5xx`);
    expect(failures.slice(0, 40), `${failures.length} of ${sent} requests answered 5xx`).toEqual([]);
  });
}

/*
 * Below Keywarden's own code: the front server (lib/http), Auth.js's URL handling and Next.js's
 * server-action envelope decoder. Kept apart so a failure here names the layer that owns it.
 */
test('the HTTP layer refuses malformed percent-encoding, TRACE and odd hosts without a 5xx', async () => {
  const { sent, failures } = await send(admin, httpLayerProbes(routes));
  console.log(`http layer: ${sent} requests, ${failures.length} answered 5xx`);
  expect(failures.slice(0, 40), `${failures.length} of ${sent} requests answered 5xx`).toEqual([]);
});

// A known limit below our code (README, "Input the dashboard refuses"): an action envelope that
// React cannot decode (not our arguments: the wire format itself) makes Next.js answer 500 before
// any action runs; its action handler has no 4xx for it. What must hold: nothing runs, nothing
// changes (the test below), and the answer gives nothing away.
test('action envelopes React cannot decode run nothing and reveal nothing', async () => {
  const signOut = actions.filter((a) => /#signOut(Everywhere)?Action$/.test(a.name));
  for (const probe of actionProbes(actions.filter((a) => !signOut.includes(a)).slice(0, 6), 'envelopes')) {
    const response = await admin.fetch(probe.url, { method: probe.method, headers: probe.headers, data: probe.data, multipart: probe.multipart, maxRedirects: 0, failOnStatusCode: false });
    const body = await response.text();
    expect([400, 404, 413, 415, 500], `${probe.url} ${probe.data ?? ''}`).toContain(response.status());
    expect(body).not.toMatch(/at .+\(.*:\d+:\d+\)|node_modules|DATABASE_URL|postgres:\/\//);
  }
});

test('the corpus changed nothing and audited no garbage target', async () => {
  rmSync(STATE_FILE, { force: true });
  expect(await snapshot()).toEqual(before);
  expect(await garbageAuditTargets(auditSeq)).toEqual([]);
});
