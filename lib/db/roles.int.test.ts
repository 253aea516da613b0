import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '@/lib/audit/record-event';
import { getDb } from '@/lib/db/client';
import { ensureAppRole } from '@/lib/db/app-role';
import { actorWith } from '@/lib/testing/actors';
import { ownerDb } from '@/lib/testing/owner-db';
import { TEST_APP_ROLE } from '@/lib/testing/postgres-server';

// The application's own connection (DATABASE_URL, as the dashboard and the worker get it).
let app: pg.Client;
beforeAll(async () => {
  app = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await app.connect();
});
afterAll(() => app.end());

const refused = (sql: string) => expect(app.query(sql)).rejects.toMatchObject({ code: '42501' });

describe('the application database role', () => {
  it('is not a superuser and owns nothing', async () => {
    const { rows } = await app.query(`SELECT current_user AS name, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user`);
    expect(rows[0]).toEqual({ name: TEST_APP_ROLE.name, rolsuper: false, rolcreaterole: false, rolcreatedb: false });
    const owned = await app.query(`SELECT relname FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)`);
    expect(owned.rows).toEqual([]);
  });

  it('cannot disable the append-only trigger, change or remove audit events, or alter tables', async () => {
    await refused('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete');
    await refused('ALTER TABLE audit_events DISABLE TRIGGER ALL');
    await refused('DROP TRIGGER audit_events_no_update_delete ON audit_events');
    await refused(`UPDATE audit_events SET reason = 'x'`);
    await refused('DELETE FROM audit_events');
    await refused('TRUNCATE audit_events');
    await refused('ALTER TABLE keys ADD COLUMN smuggled text');
    await refused('DROP TABLE keys');
    await refused('CREATE TABLE audit_shadow (x int)');
    await refused('SET session_replication_role = replica');
    await refused(`DELETE FROM _prisma_migrations`);
    await refused(`DELETE FROM graphile_worker.migrations`);
    const triggers = await ownerDb().$queryRaw<{ tgenabled: string }[]>`
      SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'audit_events_no_update_delete'`;
    expect(triggers).toEqual([{ tgenabled: 'O' }]);
  });

  it('may do what the application does: append events, read them, change its tables, enqueue jobs', async () => {
    const ctx = await actorWith(['admin'], 'role-checker');
    await getDb().$transaction((tx) => recordEvent(tx, ctx, { action: 'role.check', outcome: 'succeeded' }));
    expect(await getDb().auditEvent.count({ where: { action: 'role.check' } })).toBe(1);
    await getDb().user.update({ where: { id: ctx.actor.userId! }, data: { disabledAt: new Date() } });
    const { rows } = await app.query(`SELECT graphile_worker.add_job('role.check', '{}'::json) AS job`);
    expect(rows[0].job).toBeTruthy();
    await app.query(`DELETE FROM graphile_worker._private_jobs`);
  });

  it('is granted tables a later migration adds, when the deploy re-applies its privileges', async () => {
    await ownerDb().$executeRawUnsafe('CREATE TABLE added_later (id int PRIMARY KEY)');
    await refused('SELECT * FROM added_later');
    await ensureAppRole(process.env.KEYWARDEN_OWNER_DATABASE_URL!, TEST_APP_ROLE);
    await app.query('INSERT INTO added_later VALUES (1)');
    expect((await app.query('SELECT id FROM added_later')).rows).toEqual([{ id: 1 }]);
    await refused('ALTER TABLE added_later ADD COLUMN x int');
  });

  it('can be ensured by several processes at once (roles are shared by every test run on a server)', async () => {
    const owner = process.env.KEYWARDEN_OWNER_DATABASE_URL!;
    await Promise.all(Array.from({ length: 4 }, () => ensureAppRole(owner, TEST_APP_ROLE)));
    await app.query('SELECT seq FROM audit_events LIMIT 1');
    await refused('DELETE FROM audit_events');
  });

  it('re-applying to a role that got too much takes the excess away, and refuses a superuser', async () => {
    await ownerDb().$executeRawUnsafe(`GRANT UPDATE, DELETE, TRUNCATE ON audit_events TO ${TEST_APP_ROLE.name}`);
    await ensureAppRole(process.env.KEYWARDEN_OWNER_DATABASE_URL!, TEST_APP_ROLE);
    await refused('DELETE FROM audit_events');
    await refused('TRUNCATE audit_events');
    const owner = new URL(process.env.KEYWARDEN_OWNER_DATABASE_URL!);
    await expect(ensureAppRole(owner.toString(), { name: decodeURIComponent(owner.username), password: '' })).rejects.toThrow(/must not be the migrations' owner/);
  });
});
