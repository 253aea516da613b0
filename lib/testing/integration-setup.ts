// Runs before each integration test file: a database of the file's own, cloned from the migrated
// template, and a fresh root key. Use cases read both lazily, so importing them first is fine.
// The code under test connects as the application role (DATABASE_URL), as in production; tests
// that play an attacker holding the owner's rights use KEYWARDEN_OWNER_DATABASE_URL (owner-db.ts).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { disconnectOwnerDb } from './owner-db';
import { asAppRole } from './postgres-server';

const templateUrl = new URL(inject('templateDatabaseUrl'));
const template = templateUrl.pathname.slice(1);
const database = `${template}_${randomBytes(4).toString('hex')}`;
const adminUrl = new URL(templateUrl);
adminUrl.pathname = '/postgres';

const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
await admin.query(`CREATE DATABASE ${database} TEMPLATE ${template}`);
const url = new URL(templateUrl);
url.pathname = `/${database}`;
process.env.KEYWARDEN_OWNER_DATABASE_URL = url.toString();
process.env.DATABASE_URL = asAppRole(url.toString());
process.env.KEYWARDEN_ROOT_KEY = randomBytes(32).toString('base64');
// The audit checkpoints (lib/audit/checkpoints.ts) of this file's installation, never ./data.
const checkpointDir = mkdtempSync(path.join(tmpdir(), 'kw-checkpoints-'));
process.env.KEYWARDEN_AUDIT_CHECKPOINT_FILE = path.join(checkpointDir, 'audit-checkpoints.jsonl');

afterAll(async () => {
  const db = (globalThis as { keywardenDb?: { $disconnect(): Promise<void> } }).keywardenDb;
  await db?.$disconnect();
  await disconnectOwnerDb();
  rmSync(checkpointDir, { recursive: true, force: true });
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
});
