import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_DATA_DIR } from '../playwright.config';
import { queryDb } from './support';

test('npm start on a fresh data folder: embedded PostgreSQL, migrations, seeded admin, local secrets', async ({ page }) => {
  const runtime = JSON.parse(readFileSync(path.join(E2E_DATA_DIR, 'runtime.json'), 'utf8'));
  expect(new URL(runtime.databaseUrl).hostname).toBe('127.0.0.1');
  expect(statSync(path.join(E2E_DATA_DIR, 'pg', 'PG_VERSION')).isFile()).toBe(true);

  const migrations = await queryDb<{ migration_name: string }>(
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL',
  );
  expect(migrations.map((m) => m.migration_name)).toContain('20261122000000_init');
  const [admin] = await queryDb<{ password_hash: string }>(`SELECT password_hash FROM users WHERE username = 'admin'`);
  expect(admin?.password_hash).toMatch(/^scrypt\$/);

  // The root key and the session secret were created owner-only in the data folder.
  for (const secret of ['root.key', 'auth.secret']) {
    expect(statSync(path.join(E2E_DATA_DIR, secret)).mode & 0o077).toBe(0);
  }
  expect(Buffer.from(readFileSync(path.join(E2E_DATA_DIR, 'root.key'), 'utf8').trim(), 'base64')).toHaveLength(32);

  // The local AWS KMS emulator runs beside it, for the demo's aws-local provider.
  const health = await fetch(`${runtime.awsKmsUrl}/__admin/health`);
  expect(health.ok).toBe(true);

  // Signed out, every page sends you to the sign-in page.
  for (const route of ['/', '/keys', '/new-key', '/keys/anything']) {
    await page.goto(route);
    await expect(page).toHaveURL(/\/login/);
  }
  const api = await page.request.get('/api/keys');
  expect(api.status()).toBe(401);
});
