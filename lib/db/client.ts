import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from './generated/client';

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;
export { Prisma };

const globalForDb = globalThis as { keywardenDb?: PrismaClient };

/** One client per process, created on first use so that DATABASE_URL may be set late (tests). */
export function getDb(): PrismaClient {
  if (!globalForDb.keywardenDb) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set');
    const adapter = new PrismaPg(
      { connectionString, max: Number(process.env.KEYWARDEN_DB_POOL_SIZE ?? 10) },
      // Connections are cut when the database stops; log instead of crashing the process.
      { onPoolError: (err) => console.error(`database pool error: ${err.message}`) },
    );
    globalForDb.keywardenDb = new PrismaClient({ adapter });
  }
  return globalForDb.keywardenDb;
}
