// First-load JavaScript per route, compressed, from the production build in .next/.
// Next 16 (Turbopack) no longer prints sizes, so this computes what a browser downloads on a hard
// load of a route: the root main files of .next/build-manifest.json (the runtime and React; the
// polyfill chunk is `nomodule` and skipped by current browsers) plus every chunk the route's
// client-reference manifest lists under entryJSFiles (its layouts, page, error/not-found/forbidden
// boundaries). Each distinct chunk counts once, gzipped at level 9. Lazily imported chunks
// (next/dynamic, import()) are not first-load and are not counted.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import vm from 'node:vm';

const LIMIT_KB = 200;

type RscManifest = { entryJSFiles?: Record<string, string[]> };

function routeManifest(nextDir: string, appPath: string): RscManifest {
  const file = path.join(nextDir, 'server', 'app', `${appPath}_client-reference-manifest.js`);
  const context = { globalThis: {} as { __RSC_MANIFEST?: Record<string, RscManifest> } };
  vm.runInNewContext(readFileSync(file, 'utf8'), context);
  return Object.values(context.globalThis.__RSC_MANIFEST ?? {})[0] ?? {};
}

export function firstLoadJs(nextDir = path.join(process.cwd(), '.next')) {
  const build = JSON.parse(readFileSync(path.join(nextDir, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] };
  const routes = JSON.parse(readFileSync(path.join(nextDir, 'app-path-routes-manifest.json'), 'utf8')) as Record<string, string>;
  const gzipped = new Map<string, number>();
  const size = (chunk: string) => {
    const file = chunk.replace(/^\/_next\//, '');
    if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(path.join(nextDir, file)), { level: 9 }).length);
    return gzipped.get(file)!;
  };
  return Object.entries(routes)
    .filter(([appPath]) => appPath.endsWith('/page') && !appPath.startsWith('/_'))
    .map(([appPath, route]) => {
      const entries = routeManifest(nextDir, appPath).entryJSFiles ?? {};
      const chunks = new Set([...build.rootMainFiles, ...Object.values(entries).flat()].filter((c) => c.endsWith('.js')));
      const bytes = [...chunks].reduce((sum, chunk) => sum + size(chunk), 0);
      return { route, chunks: chunks.size, kB: bytes / 1000 };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
}

export function pagesJsFigures() {
  const rows = firstLoadJs();
  console.log(`\nFirst-load JS per route (gzip, from .next manifests; limit ${LIMIT_KB} kB):`);
  for (const { route, chunks, kB } of rows) {
    console.log(`  ${route.padEnd(44)} ${kB.toFixed(1).padStart(7)} kB  (${chunks} chunks)${kB > LIMIT_KB ? '  OVER' : ''}`);
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) pagesJsFigures();
