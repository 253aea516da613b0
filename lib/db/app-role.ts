import pg from 'pg';

/**
 * The application's database role. Migrations run as the owner of the schema; the dashboard and
 * the worker connect as this role, which owns nothing, so their credentials cannot alter a table,
 * disable the audit log's append-only trigger, or update, delete or truncate audit events.
 *
 * Privileges, re-applied after every deploy so tables added by a migration are covered:
 * - public: SELECT, INSERT, UPDATE, DELETE on every table except `audit_events` (SELECT, INSERT)
 *   and `_prisma_migrations` (nothing); USAGE and SELECT on its sequences.
 * - graphile_worker (migrated by the owner): USAGE on the schema, EXECUTE on its functions,
 *   SELECT, INSERT, UPDATE, DELETE on its tables (the worker claims, completes and schedules jobs
 *   with plain SQL on them) and a row-level security policy admitting it to them, SELECT only on
 *   its `migrations` table (the worker's start-up check).
 * Never TRUNCATE, REFERENCES, TRIGGER, CREATE, or membership in another role.
 */
export interface AppRole {
  name: string;
  password: string;
}

/** The role (user name and password) an application URL connects as. */
export function appRoleOf(appUrl: string): AppRole {
  const url = new URL(appUrl);
  const name = decodeURIComponent(url.username);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error('KEYWARDEN_APP_DATABASE_URL must name a role of a-z, 0-9 and _.');
  return { name, password: decodeURIComponent(url.password) };
}

/** Transient errors of concurrent role DDL (other test runs share the cluster's roles). */
const CONCURRENT = new Set(['42710', '23505', '40001', 'XX000']);

/**
 * Creates the role if it is missing (LOGIN and nothing else), or resets it to exactly that, with
 * the given password; then grants its privileges in the owner's database, and checks what it ends
 * up with. Idempotent, and safe when several processes ensure the same role at once.
 */
export async function ensureAppRole(ownerUrl: string, role: AppRole): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const owner = (await client.query<{ current_user: string }>('SELECT current_user')).rows[0]!.current_user;
    if (owner === role.name) throw new Error(`The application role "${role.name}" must not be the migrations' owner.`);
    const ident = client.escapeIdentifier(role.name);
    const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';
    const password = role.password ? `PASSWORD ${client.escapeLiteral(role.password)}` : '';
    await retryingConcurrent(async () => {
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
      try {
        await client.query(exists.rowCount ? `ALTER ROLE ${ident} WITH ${attributes} ${password}` : `CREATE ROLE ${ident} WITH ${attributes} ${password}`);
      } catch (err) {
        // A role an administrator made, which this owner may not alter: the checks below decide.
        if (!(exists.rowCount && (err as { code?: string }).code === '42501')) throw err;
      }
    });
    // One implicit transaction (a multi-statement query): retried whole.
    await retryingConcurrent(() => client.query(grantsSql(client, role.name)));
    await assertLeastPrivilege(client, role.name);
  } finally {
    await client.end();
  }
}

async function retryingConcurrent(fn: () => Promise<unknown>) {
  for (let attempt = 0; ; attempt++) {
    try {
      await fn();
      return;
    } catch (err) {
      if (attempt >= 10 || !CONCURRENT.has((err as { code?: string }).code ?? '')) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    }
  }
}

function grantsSql(client: pg.Client, name: string) {
  const app = client.escapeIdentifier(name);
  const database = client.escapeIdentifier(client.database ?? '');
  return `
    DO $grants$
    DECLARE
      member text;
    BEGIN
      -- No inherited rights: the role is a member of nothing.
      FOR member IN SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
                    WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = ${client.escapeLiteral(name)}) LOOP
        EXECUTE format('REVOKE %I FROM %I', member, ${client.escapeLiteral(name)});
      END LOOP;
    END
    $grants$;
    GRANT CONNECT ON DATABASE ${database} TO ${app};
    GRANT USAGE ON SCHEMA public TO ${app};
    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app};
    DO $grants$
    DECLARE
      t name;
    BEGIN
      IF to_regclass('public.audit_events') IS NOT NULL THEN
        REVOKE UPDATE, DELETE ON public.audit_events FROM ${app};
      END IF;
      IF to_regclass('public._prisma_migrations') IS NOT NULL THEN
        REVOKE ALL ON public._prisma_migrations FROM ${app};
      END IF;
      IF to_regnamespace('graphile_worker') IS NOT NULL THEN
        GRANT USAGE ON SCHEMA graphile_worker TO ${app};
        REVOKE ALL ON ALL TABLES IN SCHEMA graphile_worker FROM ${app};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA graphile_worker TO ${app};
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA graphile_worker TO ${app};
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker TO ${app};
        REVOKE INSERT, UPDATE, DELETE ON graphile_worker.migrations FROM ${app};
        -- graphile-worker enables row-level security on its tables with no policy (only their
        -- owner may use them); the application role gets a policy admitting every row.
        FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'graphile_worker' AND c.relkind = 'r' AND c.relrowsecurity
                   AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = ${client.escapeLiteral(`${name}_all`)}) LOOP
          EXECUTE format('CREATE POLICY %I ON graphile_worker.%I FOR ALL TO %I USING (true) WITH CHECK (true)', ${client.escapeLiteral(`${name}_all`)}, t, ${client.escapeLiteral(name)});
        END LOOP;
      END IF;
    END
    $grants$;`;
}

/** Refuses a role that could undo the audit log's protections, whatever set it up. */
async function assertLeastPrivilege(client: pg.Client, name: string) {
  const { rows } = await client.query<{ superuser: boolean; owns: number; can_change_audit: boolean; member_of: string | null }>(
    `SELECT r.rolsuper OR r.rolbypassrls OR r.rolcreaterole AS superuser,
            (SELECT string_agg(g.rolname, ', ') FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid) AS member_of,
            (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid)
          + (SELECT count(*)::int FROM pg_namespace WHERE nspowner = r.oid)
          + (SELECT count(*)::int FROM pg_proc WHERE proowner = r.oid) AS owns,
            to_regclass('public.audit_events') IS NOT NULL
              AND (has_table_privilege(r.oid, 'public.audit_events', 'UPDATE')
                OR has_table_privilege(r.oid, 'public.audit_events', 'DELETE')
                OR has_table_privilege(r.oid, 'public.audit_events', 'TRUNCATE')) AS can_change_audit
       FROM pg_roles r WHERE r.rolname = $1`,
    [name],
  );
  const row = rows[0];
  if (!row) throw new Error(`The application role "${name}" does not exist.`);
  if (row.superuser) throw new Error(`The application role "${name}" is a superuser or may create roles or bypass RLS.`);
  // A membership (even without inheritance: SET ROLE) would reach the other role's rights; a
  // REVOKE by someone other than its grantor is only a warning, so check what is left.
  if (row.member_of) throw new Error(`The application role "${name}" is a member of ${row.member_of}: it could act with that role's rights.`);
  if (row.owns > 0) throw new Error(`The application role "${name}" owns ${row.owns} object(s) in this database: it could alter them.`);
  if (row.can_change_audit) throw new Error(`The application role "${name}" may update, delete or truncate audit events (granted to PUBLIC?).`);
}
