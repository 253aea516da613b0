import { Logger, runMigrations } from 'graphile-worker';

/**
 * Installs or upgrades the job queue's schema (graphile_worker), next to Prisma's migrations:
 * changes enqueue jobs in their own transactions, so the schema must exist before the first
 * change, not only once a worker has started. Kept out of schema.prisma on purpose.
 */
export async function migrateQueue(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: quietLogger });
}

const quietLogger = new Logger(() => () => {});
