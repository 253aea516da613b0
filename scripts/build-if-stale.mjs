// Builds the dashboard when there is no build or a source is newer than it (e.g. after git pull).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry)
    .filter((name) => name !== 'generated' && !name.endsWith('.test.ts'))
    .reduce((max, name) => Math.max(max, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

export function ensureBuild(log = console.log) {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  const sources = ['app', 'components', 'lib', 'auth.ts', 'auth.config.ts', 'proxy.ts', 'instrumentation.ts', 'next.config.js', 'package-lock.json']
    .map((s) => path.join(root, s))
    .filter(existsSync);
  if (existsSync(buildId) && Math.max(...sources.map(newestMtime)) < statSync(buildId).mtimeMs) return;
  log('Building the dashboard (next build)…');
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status}).`);
}


if (import.meta.url === `file://${process.argv[1]}`) ensureBuild();
