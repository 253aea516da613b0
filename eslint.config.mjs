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
