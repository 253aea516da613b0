// The dashboard's HTTP server: Next.js's request handler behind the front server (lib/http), which
// refuses bad methods, targets and bodies before Next reads anything and sets the security
// headers on every response. `npm start` runs it (scripts/start.mjs); `npm run dev` runs it with
// --dev (Next's dev server, a CSP relaxed for it).
//   node --import tsx scripts/server.ts [--dev] [--port 3000]
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { stampPeerAddress } from '../lib/auth/peer-address';
import { trustedProxies } from '../lib/auth/client-address';
import { createFrontServer } from '../lib/http/front-server';

const { values } = parseArgs({ options: { dev: { type: 'boolean', default: false }, port: { type: 'string' } } });
const dev = values.dev;
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = 'localhost';
// Before Next is loaded: it picks its React build and its config defaults from NODE_ENV.
Object.assign(process.env, { NODE_ENV: dev ? 'development' : 'production', NEXT_TELEMETRY_DISABLED: '1' });

const { default: next } = await import('next');
const app = next({ dev, dir: fileURLToPath(new URL('..', import.meta.url)), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
trustedProxies(); // a malformed KEYWARDEN_TRUSTED_PROXIES stops the start, before any request
const server = createFrontServer({ handle: (req, res) => handle(stampPeerAddress(req), res), upgrade: dev ? app.getUpgradeHandler() : undefined, dev });
server.listen(port, () => console.log(`[keywarden] Dashboard on http://${hostname}:${port}${dev ? ' (development)' : ''}`));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void app.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
