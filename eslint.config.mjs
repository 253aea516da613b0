import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    // Node programs, not React: a function named use… there is not a hook.
    files: ['bench/**', 'scripts/**', 'emulators/**', 'e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  // The layers of DESIGN.md §2, enforced.
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/actions/**', 'lib/auth/session.ts', 'lib/auth/request-info.ts', 'lib/testing/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['next', 'next/*', 'next-auth', 'next-auth/*'], message: 'Use cases never import Next.js: they run in workers and tests too.' }],
      }],
    },
  },
  {
    // The adapters and their contract; provider use cases (lib/providers/*.ts) sit beside them.
    files: ['lib/providers/aws/**/*.ts', 'lib/providers/azure/**/*.ts', 'lib/providers/contract.ts', 'lib/providers/capabilities.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@/lib/db', '@/lib/db/*', '@prisma/*', 'pg', '@/lib/audit/*', '@/lib/distribution/*', '@/lib/jobs/*'], message: 'Adapters never touch the database: the reconcile job records what they report.' },
          { group: ['next', 'next/*', 'next-auth', 'next-auth/*'], message: 'Adapters never import Next.js.' },
        ],
      }],
    },
  },
  {
    files: ['lib/actions/**/*.ts', 'app/**/*.ts', 'app/**/*.tsx', 'components/**/*.tsx', 'components/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@/lib/db', '@/lib/db/*', '@prisma/*', 'pg'], message: 'Actions, routes and components call use cases; only lib/ touches the database.' }],
      }],
    },
  },
  globalIgnores([
    '.next/**',
    'out/**',
    'build/**',
    'next-env.d.ts',
    'lib/db/generated/**',
    'node_modules/**',
    'data/**',
    '.tmp/**',
    'test-results/**',
    'playwright-report/**',
  ]),
]);
