import { defineConfig } from '@playwright/test';

// The browser tests run against `npm start`'s embedded default: a fresh data folder, no
// DATABASE_URL, so they also prove that the first start (cluster, migrations, admin) works.
export const E2E_PORT = 3100;
export const E2E_DATA_DIR = '.tmp/e2e-data';
export const E2E_ADMIN_PASSWORD = 'e2e-admin-password-1';

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: {
    command: 'node scripts/start.mjs',
    url: `http://localhost:${E2E_PORT}/api/health/ready`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      PORT: String(E2E_PORT),
      KEYWARDEN_DATA_DIR: E2E_DATA_DIR,
      KEYWARDEN_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      DATABASE_URL: '',
      KEYWARDEN_ROOT_KEY: '',
      AUTH_SECRET: '',
      KEYWARDEN_AWS_KMS_PORT: '0',
      KEYWARDEN_AZURE_KV_PORT: '0',
    },
  },
});
