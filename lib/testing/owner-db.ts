// The owner's connection, for tests that act as someone holding the owner's rights (an attacker
// who got them, or a fault injected into the schema). The code under test never uses it.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/db/generated/client';

let owner: PrismaClient | undefined;

export function ownerDb(): PrismaClient {
  const connectionString = process.env.KEYWARDEN_OWNER_DATABASE_URL;
  if (!connectionString) throw new Error('KEYWARDEN_OWNER_DATABASE_URL is not set (lib/testing/integration-setup.ts sets it)');
  owner ??= new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 2 }) });
  return owner;
}

export async function disconnectOwnerDb() {
  await owner?.$disconnect();
  owner = undefined;
}
