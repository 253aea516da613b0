import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

async function freshDatabase(name: string) {
  const url = new URL(process.env.KEYWARDEN_OWNER_DATABASE_URL!);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  return url.toString();
}

async function migrate(databaseUrl: string, dir: string, ...args: string[]) {
  const { stdout } = await run(
    'npx',
    ['tsx', 'scripts/migrate.ts', ...args, '--schema', `${dir}/schema.prisma`, '--migrations', `${dir}/migrations`],
    { env: { ...process.env, DATABASE_URL: databaseUrl, KEYWARDEN_APP_DATABASE_URL: '' } },
  );
  return stdout;
}

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('the migration tool (Prisma WASM schema engine, no native binary)', () => {
  it('creates a migration from a schema change and applies it to a fresh database', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'keywarden-migrations-'));
    dirs.push(dir);
    await cp('prisma', dir, { recursive: true });
    const suffix = Math.random().toString(16).slice(2, 8);
    const devUrl = await freshDatabase(`migr_dev_${suffix}`);

    expect(await migrate(devUrl, dir, 'create', 'nothing')).toContain('nothing to create');

    await appendFile(
      path.join(dir, 'schema.prisma'),
      '\nmodel Note {\n  id   Int    @id @default(autoincrement())\n  body String @db.VarChar(200)\n\n  @@map("notes")\n}\n',
    );
    expect(await migrate(devUrl, dir, 'create', 'add_notes')).toMatch(/Created prisma migration \d{14}_add_notes/);
    const created = (await readdir(path.join(dir, 'migrations'))).find((d) => d.endsWith('_add_notes'))!;
    const sql = await readFile(path.join(dir, 'migrations', created, 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "notes"');
    expect(sql).not.toContain('CREATE TABLE "keys"');

    const freshUrl = await freshDatabase(`migr_fresh_${suffix}`);
    expect(await migrate(freshUrl, dir, 'deploy')).toContain(created);
    expect(await migrate(freshUrl, dir, 'deploy')).toContain('No pending migrations');

    const client = new pg.Client({ connectionString: freshUrl });
    await client.connect();
    const applied = await client.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name');
    expect(applied.rows.map((r) => r.migration_name)).toEqual([
      ...(await readdir(path.join(dir, 'migrations'))).filter((d) => /^\d{14}_/.test(d)).sort(),
    ]);
    await client.query(`INSERT INTO notes (body) VALUES ('hello')`);
    expect((await client.query('SELECT body FROM notes')).rows).toEqual([{ body: 'hello' }]);
    await client.end();

    // The shadow database used to compute the diff is gone.
    const admin = new pg.Client({ connectionString: Object.assign(new URL(freshUrl), { pathname: '/postgres' }).toString() });
    await admin.connect();
    const shadows = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`);
    for (const db of [`migr_dev_${suffix}`, `migr_fresh_${suffix}`]) await admin.query(`DROP DATABASE ${db} WITH (FORCE)`);
    await admin.end();
    expect(shadows.rowCount).toBe(0);
  });
});
