// Integration tests run against real PostgreSQL (lib/testing/postgres-server.ts). One migrated
// template database per run; each test file clones its own from it (integration-setup.ts). The
// template is migrated as the owner and grants the test application role (TEST_APP_ROLE).
import type { TestProject } from 'vitest/node';
import { acquirePostgresServer } from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The template's URL as its owner (the server's superuser). */
    templateDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await acquirePostgresServer();
  const template = `keywarden_test_${process.pid}_${Date.now()}`;
  project.provide('templateDatabaseUrl', await server.createMigratedDatabase(template));
  return async () => {
    await server.dropDatabasesLike(template);
    await server.stop();
  };
}
