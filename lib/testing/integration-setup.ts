// Runs before each integration test file: a database of the file's own, cloned from the migrated
// template, and a fresh root key. Use cases read both lazily, so importing them first is fine.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

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
process.env.DATABASE_URL = url.toString();
process.env.KEYWARDEN_ROOT_KEY = randomBytes(32).toString('base64');

afterAll(async () => {
  const db = (globalThis as { keywardenDb?: { $disconnect(): Promise<void> } }).keywardenDb;
  await db?.$disconnect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
});
