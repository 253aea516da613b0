import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const alias = { '@': root, 'server-only': `${root}lib/testing/server-only-stub.ts` };
// Every test must assert something (lib/testing/expect-assertions.ts).
const expectAssertions = 'lib/testing/expect-assertions.ts';

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        // Key generation and the provider adapters' emulators share two cores with the other files.
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'components/**/*.test.tsx'], exclude: ['lib/**/*.int.test.ts'], setupFiles: [expectAssertions], testTimeout: 30_000 },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['lib/**/*.int.test.ts', 'scripts/**/*.int.test.ts'],
          globalSetup: ['lib/testing/global-setup.ts'],
          setupFiles: ['lib/testing/integration-setup.ts', expectAssertions],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: { name: 'emulators', include: ['emulators/**/*.test.ts'], setupFiles: [expectAssertions], testTimeout: 60_000 },
      },
    ],
  },
});
