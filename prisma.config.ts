import { defineConfig } from 'prisma/config';

// Only `prisma generate` runs through Prisma's CLI here; migrations run through
// scripts/migrate.ts (Prisma's WASM schema engine), which reads the same paths.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
