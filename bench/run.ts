// `npm run bench`: Keywarden's figures from one run.
//  1. create-key and rotate operations per second through the whole use case (validation,
//     generation, seal, commit) next to a bare SQL transaction writing the same rows, as a ratio;
//  2. the key list over 10,000 keys (search, sort, page) per query;
//  3. the p99 latency of a cheap page (/login) on the running dashboard, idle and while 20 RSA-4096
//     keys are being created through its API;
//  4. first-load JS per route, gzipped, from the build's manifests (bench/pages-js.ts).
// Runs on the PostgreSQL that tests use (lib/testing/postgres-server.ts) in a database of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { hashPassword } from '../lib/auth/password';
import { getDb } from '../lib/db/client';
import { createKey } from '../lib/keys/create-key';
import { listKeys } from '../lib/keys/list-keys';
import { listAuditEvents } from '../lib/audit/query-events';
import { rotateKey } from '../lib/keys/rotate-key';
import { acquirePostgresServer } from '../lib/testing/postgres-server';
import { distributionFigures } from './distribution';
import { pagesJsFigures } from './pages-js';
import { initKeyring } from '../lib/seal/open';

// The pinned AWS SDK's Node 22 notice (README), once per process otherwise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const OPS = Number(process.env.BENCH_OPS ?? 400);
const CONCURRENCY = 8;
const ctx = { actor: { userId: randomUUID(), username: 'bench', roles: ['operator', 'admin'] } };

async function throughput(label: string, total: number, op: (i: number) => Promise<unknown>) {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await op(next++);
    }),
  );
  const perSecond = total / ((performance.now() - start) / 1000);
  console.log(`  ${label.padEnd(44)} ${perSecond.toFixed(0).padStart(7)} ops/s`);
  return perSecond;
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function latencySummary(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(1)} ms, p99 ${percentile(s, 99).toFixed(1)} ms, max ${s.at(-1)!.toFixed(1)} ms (${s.length} requests)`;
}

/** The audit row the use case writes, chained the same way (lib/audit/record-event.ts). */
async function appendAuditEvent(client: pg.PoolClient, action: string, name: string) {
  const content = JSON.stringify({ action, target: `key:${name}`, actorName: 'bench', at: new Date().toISOString() });
  await client.query(
    `WITH prev AS (SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE),
     next AS (SELECT prev.seq + 1 AS seq, prev.hash AS prev_hash,
                     sha256(prev.hash || int8send(prev.seq + 1) || convert_to($1, 'UTF8')) AS hash FROM prev),
     moved AS (UPDATE audit_chain_head h SET seq = next.seq, hash = next.hash FROM next WHERE h.id = 1)
     INSERT INTO audit_events (seq, occurred_at, actor_name, actor_roles, action, target, outcome, params, prev_hash, hash)
     SELECT next.seq, now(), 'bench', '{operator}', $2, $3, 'succeeded', '{}', next.prev_hash, next.hash FROM next`,
    [content, action, `key:${name}`],
  );
}

async function useCaseVersusSql(pool: pg.Pool) {
  const run = randomBytes(3).toString('hex');
  const sealedSize = 4 + 1 + 22 + 12 + 32 + 16 + 12 + 16 + 32;
  // Warm-up: Prisma compiles its WASM query compiler and each query shape on first use.
  for (let i = 0; i < 50; i++) {
    await createKey({ name: `warm-${run}-${i}`, type: 'aes256-gcm96' }, ctx);
    await rotateKey({ name: `warm-${run}-${i}` }, ctx);
  }
  console.log(`\nWrite path, ${OPS} operations, ${CONCURRENCY} in flight, aes256-gcm96 (after 50 warm-up rounds);`);
  console.log('both sides write the key, its version and a hash-chained audit event in one transaction:');
  const createUseCase = await throughput('create-key use case', OPS, (i) =>
    createKey({ name: `uc-${run}-${i}`, type: 'aes256-gcm96' }, ctx),
  );
  const createSql = await throughput('bare SQL transaction (same rows)', OPS, async (i) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const id = randomUUID();
      await client.query(`INSERT INTO keys (id, name, type, latest_version) VALUES ($1, $2, 'aes256-gcm96', 1)`, [id, `sql-${run}-${i}`]);
      await client.query(`INSERT INTO key_versions (key_id, version, sealed_material) VALUES ($1, 1, $2)`, [id, randomBytes(sealedSize)]);
      await appendAuditEvent(client, 'key.create', `sql-${run}-${i}`);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  });
  console.log(`  → create-key use case / bare SQL = ${(createUseCase / createSql).toFixed(2)}`);

  const rotateUseCase = await throughput('rotate use case', OPS, (i) => rotateKey({ name: `uc-${run}-${i % OPS}` }, ctx));
  const rotateSql = await throughput('bare SQL transaction (same rows)', OPS, async (i) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(
        `UPDATE keys SET latest_version = latest_version + 1, updated_at = now() WHERE name = $1 RETURNING id, latest_version`,
        [`sql-${run}-${i % OPS}`],
      );
      await client.query(`INSERT INTO key_versions (key_id, version, sealed_material) VALUES ($1, $2, $3)`, [
        rows[0].id,
        rows[0].latest_version,
        randomBytes(sealedSize),
      ]);
      await appendAuditEvent(client, 'key.rotate', `sql-${run}-${i % OPS}`);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  });
  console.log(`  → rotate use case / bare SQL = ${(rotateUseCase / rotateSql).toFixed(2)}`);
}

async function listOverTenThousand(pool: pg.Pool) {
  await pool.query(`
    INSERT INTO keys (id, name, type, latest_version, created_at, updated_at)
    SELECT gen_random_uuid(), 'fleet-' || lpad(i::text, 5, '0'),
           (ARRAY['aes256-gcm96','rsa-2048','rsa-3072','rsa-4096','ecdsa-p256','ecdsa-p384','ecdsa-p521'])[1 + i % 7],
           1 + i % 5, now() - (i || ' minutes')::interval, now() - (i || ' seconds')::interval
    FROM generate_series(1, 10000) AS i`);
  await pool.query('ANALYZE keys');
  const total = (await pool.query('SELECT count(*)::int AS n FROM keys')).rows[0].n;
  console.log(`\nKey list over ${total} keys (page of 25, count included), 50 runs each:`);
  const queries: [string, Parameters<typeof listKeys>[0]][] = [
    ['first page by name', {}],
    ['page 200 by name', { page: '200' }],
    ['search "fleet-0999", by updated desc', { q: 'fleet-0999', sort: 'updated', dir: 'desc' }],
    ['filter rsa-4096, by created desc, page 40', { type: 'rsa-4096', sort: 'created', dir: 'desc', page: '40' }],
  ];
  for (const [label, query] of queries) {
    const samples: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await listKeys(query, ctx);
      samples.push(performance.now() - t);
    }
    console.log(`  ${label.padEnd(44)} ${latencySummary(samples)}`);
  }
}

async function auditOverAMillion(pool: pg.Pool) {
  const { rows } = await pool.query('SELECT seq FROM audit_chain_head WHERE id = 1');
  const start = BigInt(rows[0].seq);
  const t = performance.now();
  // Filler events for the read path. Their hashes are fake (verification is not measured here);
  // the head moves past them so that later appends continue the sequence.
  await pool.query(
    `INSERT INTO audit_events (seq, occurred_at, actor_id, actor_name, actor_roles, action, target, outcome, params, prev_hash, hash)
     SELECT $1::bigint + i, now() - ((1000000 - i) || ' seconds')::interval, NULL, 'user-' || (i % 50), '{operator}',
            (ARRAY['key.create','key.rotate','key.delete','auth.sign_in','approval.decide'])[1 + i % 5],
            'key:fleet-' || lpad((i % 10000)::text, 5, '0'),
            (ARRAY['succeeded','succeeded','succeeded','denied','requested'])[1 + i % 5], '{}',
            decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex')
     FROM generate_series(1, 1000000) AS i`,
    [start.toString()],
  );
  await pool.query('UPDATE audit_chain_head SET seq = seq + 1000000 WHERE id = 1');
  await pool.query('ANALYZE audit_events');
  console.log(`\nAudit log over ${(await pool.query('SELECT count(*)::int AS n FROM audit_events')).rows[0].n} events (filled in ${((performance.now() - t) / 1000).toFixed(0)} s), page of 50, 30 runs each:`);
  const cases: [string, Record<string, string>][] = [
    ['newest page, no filter', {}],
    ['actor filter', { actor: 'user-7' }],
    ['target filter (one key)', { target: 'key:fleet-00042' }],
    ['action + outcome filter', { action: 'key.delete', outcome: 'requested' }],
    ['deep page (before = middle of the log)', { before: (start + 500000n).toString() }],
    ['actor filter, deep page', { actor: 'user-7', before: (start + 200000n).toString() }],
  ];
  for (const [label, query] of cases) {
    const samples: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      await listAuditEvents(query, ctx);
      samples.push(performance.now() - t0);
    }
    console.log(`  ${label.padEnd(44)} ${latencySummary(samples)}`);
  }
}

async function signIn(base: string, username: string, password: string) {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(';')[0]);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ csrfToken, username, password }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c!.includes('session-token'));
  if (!session) throw new Error('Signing in to the benchmark server failed.');
  return [...cookies, session].join('; ');
}

async function pageLatencyUnderGeneration(databaseUrl: string) {
  const port = 3300 + Math.floor(Math.random() * 500);
  const base = `http://localhost:${port}`;
  const password = randomBytes(12).toString('hex');
  await getDb().user.create({ data: { username: 'bench', passwordHash: await hashPassword(password), roles: ['operator'] } });
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/server.ts', '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: randomBytes(32).toString('base64'), NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
  try {
    for (let i = 0; ; i++) {
      if ((await fetch(`${base}/api/health`).catch(() => null))?.ok) break;
      if (i > 300) throw new Error('The dashboard did not start (is it built? npm run build).');
      await new Promise((r) => setTimeout(r, 100));
    }
    const cookie = await signIn(base, 'bench', password);
    const sample = async (until: () => boolean) => {
      const samples: number[] = [];
      while (!until()) {
        const t = performance.now();
        const res = await fetch(`${base}/login`);
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`/login answered ${res.status}`);
        samples.push(performance.now() - t);
      }
      return samples;
    };
    for (let i = 0; i < 50; i++) await (await fetch(`${base}/login`)).arrayBuffer(); // warm up
    const idleUntil = performance.now() + 3000;
    const idle = await sample(() => performance.now() > idleUntil);

    let done = false;
    const started = performance.now();
    const creating = Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const res = await fetch(`${base}/api/keys`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ name: `big-${i}`, type: 'rsa-4096' }),
        });
        if (res.status !== 201) throw new Error(`creating an RSA-4096 key answered ${res.status}`);
      }),
    ).finally(() => (done = true));
    const loaded = await sample(() => done);
    await creating;
    console.log(`\nCheap page (GET /login) on the running dashboard (scripts/server.ts, as npm start serves it):`);
    console.log(`  idle                                         ${latencySummary(idle)}`);
    console.log(`  while 20 RSA-4096 keys are created via API   ${latencySummary(loaded)}`);
    console.log(`  (the 20 keys took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } finally {
    server.kill('SIGTERM');
  }
}

const server = await acquirePostgresServer();
const name = `keywarden_bench_${process.pid}`;
try {
  process.env.DATABASE_URL = await server.createMigratedDatabase(name);
  process.env.KEYWARDEN_ROOT_KEY = randomBytes(32).toString('base64');
  process.env.KEYWARDEN_SEAL_TYPE = 'local'; // its own throwaway root key, whatever the shell's seal
  await initKeyring();
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: CONCURRENCY });
  console.log(`Keywarden benchmark — ${new Date().toISOString()}, node ${process.version}`);
  // BENCH_ONLY=distribution (comma-separated section names) runs only those sections.
  const only = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
  const wanted = (section: string) => only.size === 0 || only.has(section);
  if (wanted('writes')) await useCaseVersusSql(pool);
  if (wanted('lists')) await listOverTenThousand(pool);
  if (wanted('audit')) await auditOverAMillion(pool);
  if (wanted('pages')) await pageLatencyUnderGeneration(process.env.DATABASE_URL);
  if (wanted('pages-js')) pagesJsFigures();
  if (wanted('distribution')) await distributionFigures({ actor: { userId: null, username: 'bench', roles: ['operator', 'admin'] } });
  await pool.end();
  await getDb().$disconnect();
} finally {
  await server.dropDatabasesLike(name);
  await server.stop();
}
process.exit(0);
