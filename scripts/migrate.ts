// npm run db:migrate               apply pending migrations to DATABASE_URL (the owner), then grant
//                                  KEYWARDEN_APP_DATABASE_URL's role its privileges (lib/db/app-role.ts)
// npm run db:migration -- <name>   create prisma/migrations/<timestamp>_<name> from schema changes
// npm run db:status                show the migration history diagnosis
// Options: --schema <file> --migrations <dir> (defaults: prisma/schema.prisma, prisma/migrations)
import { parseArgs } from 'node:util';
import { appRoleOf, ensureAppRole } from '../lib/db/app-role';
import { Migrator } from '../lib/db/migrator';
import { migrateQueue } from '../lib/jobs/migrate-queue';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    schema: { type: 'string', default: 'prisma/schema.prisma' },
    migrations: { type: 'string', default: 'prisma/migrations' },
  },
});
const [command, name] = positionals;
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set.');
  process.exit(2);
}

const migrator = await Migrator.open(url, { schemaPath: values.schema, migrationsDir: values.migrations });
try {
  if (command === 'deploy') {
    const applied = await migrator.deploy();
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
    await migrateQueue(url);
    // After every deploy, so tables a migration added are covered too.
    const appUrl = process.env.KEYWARDEN_APP_DATABASE_URL;
    if (appUrl) {
      const role = appRoleOf(appUrl);
      await ensureAppRole(url, role);
      console.log(`Application role ${role.name}: privileges granted.`);
    } else {
      console.log('KEYWARDEN_APP_DATABASE_URL is not set: no application role was set up (README, "Database roles").');
    }
  } else if (command === 'create') {
    if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('Give the migration a name of a-z, 0-9 and _.');
    const created = await migrator.create(name);
    console.log(created ? `Created prisma migration ${created}` : 'The schema matches the migrations: nothing to create.');
  } else if (command === 'status') {
    console.log(JSON.stringify(await migrator.status(), null, 2));
  } else {
    throw new Error(`Unknown command "${command ?? ''}": use deploy, create <name> or status.`);
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await migrator.close();
  process.exit();
}
