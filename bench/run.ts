// `npm run bench`: Keywarden's figures from one run.
//  1. create-key and rotate operations per second through the whole use case (validation,
//     generation, seal, commit) next to a bare SQL transaction writing the same rows, as a ratio;
//  2. the key list over 10,000 keys (search, sort, page) per query;
//  3. the p99 latency of a cheap page (/login) on the running dashboard, idle and while 20 RSA-4096
//     keys are being created through its API.
// Runs on the PostgreSQL that tests use (lib/testing/postgres-server.ts) in a database of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { hashPassword } from '../lib/auth/password';
import { getDb } from '../lib/db/client';
import { createKey } from '../lib/keys/create-key';
import { listKeys } from '../lib/keys/list-keys';
import { rotateKey } from '../lib/keys/rotate-key';
import { acquirePostgresServer } from '../lib/testing/postgres-server';

const OPS = Number(process.env.BENCH_OPS ?? 400);
const CONCURRENCY = 8;
const ctx = { actor: { userId: randomUUID(), username: 'bench' } };

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

async function useCaseVersusSql(pool: pg.Pool) {
  const run = randomBytes(3).toString('hex');
  const sealedSize = 4 + 1 + 22 + 12 + 32 + 16 + 12 + 16 + 32;
  // Warm-up: Prisma compiles its WASM query compiler and each query shape on first use.
  for (let i = 0; i < 50; i++) await rotateKey({ name: (await createKey({ name: `warm-${run}-${i}`, type: 'aes256-gcm96' }, ctx)).name }, ctx);
  console.log(`\nWrite path, ${OPS} operations, ${CONCURRENCY} in flight, aes256-gcm96 (after 50 warm-up rounds):`);
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
      await listKeys(query);
      samples.push(performance.now() - t);
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
  await getDb().user.create({ data: { username: 'bench', passwordHash: await hashPassword(password) } });
  const server: ChildProcess = spawn('node_modules/.bin/next', ['start', '-p', String(port)], {
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
    console.log(`\nCheap page (GET /login) on the running dashboard (next start):`);
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
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: CONCURRENCY });
  console.log(`Keywarden benchmark — ${new Date().toISOString()}, node ${process.version}`);
  await useCaseVersusSql(pool);
  await listOverTenThousand(pool);
  await pageLatencyUnderGeneration(process.env.DATABASE_URL);
  await pool.end();
  await getDb().$disconnect();
} finally {
  await server.dropDatabasesLike(name);
  await server.stop();
}
process.exit(0);
