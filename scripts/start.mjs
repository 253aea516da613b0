#!/usr/bin/env node
// `npm start`: the dashboard on http://localhost:3000 (PORT changes it). Without DATABASE_URL it
// runs an embedded PostgreSQL whose data lives in KEYWARDEN_DATA_DIR (default ./data); it applies
// migrations, seeds the `admin` account on first start, builds the app when sources changed, and
// stops everything on Ctrl-C or SIGTERM. Its children die with it, even when it is killed with
// SIGKILL (scripts/exit-with-launcher.mjs), and the next start stops whatever a killed launcher
// left running (scripts/process-registry.mjs), so the same command always brings it all back.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuild } from './build-if-stale.mjs';
import { takeOverRegistry } from './process-registry.mjs';
import { readOrCreateSecret } from './secrets.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = path.resolve(root, process.env.KEYWARDEN_DATA_DIR ?? 'data');
const port = process.env.PORT ?? '3000';
const log = (line) => console.log(`[keywarden] ${line}`);
// The AWS SDK warns on every process that its releases after January 2027 need Node 22: known and
// pinned (README), so the warning is not repeated in every log.
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env, NEXT_TELEMETRY_DISABLED: '1', CHECKPOINT_DISABLE: '1' };
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed (exit ${result.status}).`);
}

mkdirSync(dataDir, { recursive: true, mode: 0o711 });
let registry;
try {
  registry = await takeOverRegistry(dataDir, log);
} catch (err) {
  console.error(`[keywarden] ${err.message}`);
  process.exit(1);
}
let database;
if (!env.DATABASE_URL) {
  const { startEmbeddedDb } = await import('./embedded-db.mjs');
  try {
    database = await startEmbeddedDb(dataDir, { log, onProcess: (pid) => registry.add('postgresql', pid) });
  } catch (err) {
    console.error(`[keywarden] ${err.message}`);
    registry.close();
    process.exit(1);
  }
  env.DATABASE_URL = database.url;
  log(`Embedded PostgreSQL on 127.0.0.1:${database.port} (data in ${path.join(dataDir, 'pg')}).`);
  // The application role (README, "Database roles"): its password lives in the data folder.
  const app = new URL(database.url);
  app.username = 'keywarden_app';
  app.password = readOrCreateSecret(path.join(dataDir, 'app-db.password'), () => randomBytes(24).toString('hex'));
  env.KEYWARDEN_APP_DATABASE_URL ||= app.toString();
}
// DATABASE_URL is the owner: migrations run as it. Everything else connects as the application role.
const ownerDatabaseUrl = env.DATABASE_URL;
if (!env.KEYWARDEN_APP_DATABASE_URL) {
  console.error('[keywarden] WARNING: KEYWARDEN_APP_DATABASE_URL is not set, so the dashboard and the worker connect with');
  console.error('[keywarden] WARNING: DATABASE_URL, the migrations\' owner: credentials that can disable the audit log\'s');
  console.error('[keywarden] WARNING: append-only trigger. Set it to a role that owns nothing (README, "Database roles").');
}
// The seal (README, "The seal"): local (data/root.key, created on first start) or awskms (the
// root key wrapped by AWS KMS in data/root-key.awskms.json, created by the seal check below).
const sealType = env.KEYWARDEN_SEAL_TYPE?.trim() || 'local';
env.KEYWARDEN_DATA_DIR = dataDir;
env.KEYWARDEN_SEAL_FILE ||= path.join(dataDir, 'root-key.awskms.json');
if (sealType === 'local' && !env.KEYWARDEN_ROOT_KEY && !env.KEYWARDEN_ROOT_KEY_FILE) {
  env.KEYWARDEN_ROOT_KEY_FILE = path.join(dataDir, 'root.key');
  if (!existsSync(env.KEYWARDEN_ROOT_KEY_FILE) && existsSync(env.KEYWARDEN_SEAL_FILE)) {
    // Never a new local root key beside data an AWS KMS seal holds (e.g. after `seal migrate --to awskms`).
    console.error(`[keywarden] The data folder is sealed by AWS KMS (${env.KEYWARDEN_SEAL_FILE}): set KEYWARDEN_SEAL_TYPE=awskms and KEYWARDEN_AWSKMS_SEAL_KEY_ID.`);
    await database?.stop();
    process.exit(1);
  }
  readOrCreateSecret(env.KEYWARDEN_ROOT_KEY_FILE, () => randomBytes(32).toString('base64'));
}
env.AUTH_SECRET ||= readOrCreateSecret(path.join(dataDir, 'auth.secret'), () => randomBytes(32).toString('base64'));

const children = new Set();
let stopping = false;

/** SIGTERM, then SIGKILL if it has not exited within 10 s; resolves once it has exited. */
function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// A signal that arrives during a synchronous step (migrations, the build) is handled after it, while
// the start-up goes on: nothing may be started once stopping, and everything started is stopped.
const shutdown = async (code) => {
  if (stopping) return;
  stopping = true;
  await Promise.all([...children].map(stopChild));
  await database?.stop();
  registry.close();
  process.exit(code);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => shutdown(0));
process.on('uncaughtException', (err) => {
  console.error(`[keywarden] ${err.stack ?? err}`);
  void shutdown(1);
});

// Every child gets an IPC channel and the preload that exits when it closes: a child outlives its
// launcher by a few seconds at most, however the launcher ends.
const exitWithLauncher = `--import=${JSON.stringify(pathToFileURL(path.join(root, 'scripts', 'exit-with-launcher.mjs')).href)}`;
const withIpc = (stdio = 'inherit') => (Array.isArray(stdio) ? stdio : [stdio, stdio, stdio]).slice(0, 3).concat('ipc');

/** Starts a child process the launcher owns (recorded in the registry, stopped with it). */
function start(command, args, { name = path.basename(command), ...options } = {}) {
  if (stopping) return new Promise(() => {}); // shutdown() is exiting the process
  const childEnv = { ...(options.env ?? env) };
  childEnv.NODE_OPTIONS = [childEnv.NODE_OPTIONS, exitWithLauncher].filter(Boolean).join(' ');
  const child = spawn(command, args, { cwd: root, ...options, env: childEnv, stdio: withIpc(options.stdio) });
  children.add(child);
  registry.add(name, child.pid);
  child.once('exit', () => {
    children.delete(child);
    registry.remove(child.pid);
  });
  return child;
}

try {
  run(bin('tsx'), ['scripts/migrate.ts', 'deploy']);
} catch (err) {
  console.error(`[keywarden] ${err.message}`);
  await shutdown(1);
}
env.DATABASE_URL = env.KEYWARDEN_APP_DATABASE_URL || ownerDatabaseUrl;
// The seal is opened in a step of its own before anything that needs it: a seal that cannot be
// opened (wrong key, Decrypt refused, KMS unreachable) stops the start with its one-line reason.
if (!stopping) {
  const check = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/seal.ts', 'check'], { cwd: root, stdio: 'inherit', env });
  if (check.status !== 0) await shutdown(1);
}
try {
  run(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/seed.ts']);
  ensureBuild(log);
} catch (err) {
  console.error(`[keywarden] ${err.message}`);
  await shutdown(1);
}
await new Promise((resolve) => setImmediate(resolve)); // let a pending signal's handler run first

// The local AWS KMS (emulators/aws-kms) for the demo's `aws-local` provider; its state persists
// in the data folder. KEYWARDEN_AWS_KMS_PORT=0 picks a free port, "off" skips it.
const awsKmsPort = env.KEYWARDEN_AWS_KMS_PORT ?? '4599';
let awsKmsUrl = null;
if (awsKmsPort !== 'off') {
  const awsKms = await start(
    process.execPath,
    ['--import', 'tsx', 'emulators/aws-kms/main.ts', '--port', awsKmsPort, '--data', path.join(dataDir, 'aws-kms.json'), '--quiet'],
    { name: 'AWS KMS emulator', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  awsKmsUrl = await new Promise((resolve) => {
    awsKms.stdout.on('data', (chunk) => {
      const match = /listening on (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]);
    });
    awsKms.on('exit', () => resolve(null));
  });
  log(awsKmsUrl ? `Local AWS KMS emulator on ${awsKmsUrl}.` : 'The local AWS KMS emulator did not start (is its port taken?); continuing without it.');
}

// The local Azure Key Vault (emulators/azure-keyvault) for the demo's `azure-local` provider:
// HTTPS with a certificate generated on first start in the data folder, trusted by the dashboard
// and the worker (NODE_EXTRA_CA_CERTS) and by the seeded provider (its CA bundle).
// KEYWARDEN_AZURE_KV_PORT=0 picks free ports, "off" skips it.
const azurePort = env.KEYWARDEN_AZURE_KV_PORT ?? '4600';
let azure = null;
if (azurePort !== 'off' && !stopping) {
  const emulator = await start(
    process.execPath,
    ['--import', 'tsx', 'emulators/azure-keyvault/main.ts', '--port', azurePort, '--data', path.join(dataDir, 'azure-keyvault.json'),
      '--cert-dir', path.join(dataDir, 'azure-keyvault'), '--identity-port', 'off', '--quiet'],
    { name: 'Azure Key Vault emulator', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  azure = await new Promise((resolve) => {
    const found = {};
    let buffered = '';
    emulator.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      found.vaultUrl ??= /vault local at (\S+)/.exec(buffered)?.[1];
      found.authorityHost ??= /authority host ([^,\s]+)/.exec(buffered)?.[1];
      found.certPath ??= /trust the certificate (\S+)/.exec(buffered)?.[1];
      if (/listening on /.test(buffered) && found.vaultUrl && found.certPath) resolve(found);
    });
    emulator.on('exit', () => resolve(null));
  });
  if (azure) {
    env.NODE_EXTRA_CA_CERTS = azure.certPath;
    log(`Local Azure Key Vault emulator: vault "local" at ${azure.vaultUrl} (certificate ${azure.certPath}).`);
  } else {
    log('The local Azure Key Vault emulator did not start (is its port taken?); continuing without it.');
  }
}

// The demo's providers, pointing at the emulators just started (created once, endpoint kept current).
if ((awsKmsUrl || azure) && !stopping) {
  try {
    run(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/seed-providers.ts'], {
      KEYWARDEN_SEED_AWS_KMS_URL: awsKmsUrl ?? '',
      KEYWARDEN_SEED_AZURE_VAULT_URL: azure?.vaultUrl ?? '',
      KEYWARDEN_SEED_AZURE_AUTHORITY: azure?.authorityHost ?? '',
      KEYWARDEN_SEED_AZURE_CA: azure?.certPath ?? '',
    });
  } catch (err) {
    log(`Seeding the local providers failed (${err.message}); continuing without them.`);
  }
}

// The job worker (distribution to providers) in its own process; restarted if it dies, after 1 s,
// doubling up to 30 s while it keeps dying within a minute of its start.
let workerRestartDelay = 1000;
function startWorker() {
  const startedAt = Date.now();
  const worker = start(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts'], { name: 'job worker', stdio: 'inherit' });
  worker.on?.('exit', (code, signal) => {
    if (stopping) return;
    if (Date.now() - startedAt > 60_000) workerRestartDelay = 1000;
    log(`The job worker stopped (${signal ?? `exit ${code}`}); restarting it in ${workerRestartDelay / 1000} s.`);
    setTimeout(startWorker, workerRestartDelay).unref();
    workerRestartDelay = Math.min(workerRestartDelay * 2, 30_000);
  });
}
startWorker();

// Tests and tools find the running instance here (the file is owner-only: it holds the DB URL).
writeFileSync(path.join(dataDir, 'runtime.json'), JSON.stringify({ databaseUrl: ownerDatabaseUrl, appDatabaseUrl: env.DATABASE_URL, port, awsKmsUrl, azureVaultUrl: azure?.vaultUrl ?? null }), {
  mode: 0o600,
});
const next = await start(process.execPath, ['--import', 'tsx', 'scripts/server.ts', '--port', port], { name: 'dashboard', stdio: 'inherit' });
// The dashboard never stops by itself: if it does, even with exit 0 (a port taken), the service
// is down, and the launcher stops everything and fails.
next.on('exit', (code, signal) => {
  if (!stopping) log(`The dashboard stopped (${signal ?? `exit ${code}`}); stopping everything.`);
  void shutdown(code || 1);
});
log(`Keywarden is starting on http://localhost:${port}`);
