// The job worker process (`npm start` runs it next to the dashboard; run more for more throughput):
// node --conditions=react-server --import tsx scripts/worker.ts
import { startJobWorker } from '../lib/jobs/worker';
import { KEYWARDEN_CRONTAB, keywardenTasks } from '../lib/jobs/tasks';
import { asSealOpenError, initKeyring } from '../lib/seal/open';

const connectionString = process.env.DATABASE_URL;
if (!connectionString) {
  console.error('DATABASE_URL is not set.');
  process.exit(2);
}
const positive = (name: string) => {
  const value = process.env[name];
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
};

// The seal first: jobs open sealed material and credentials (awskms: decrypted once, kept in memory).
try {
  await initKeyring(process.env, { watch: true });
} catch (err) {
  console.error(`[worker] The seal cannot be opened: ${asSealOpenError(err).message}`);
  process.exit(1);
}

const worker = await startJobWorker({
  connectionString,
  concurrency: positive('KEYWARDEN_WORKER_CONCURRENCY'),
  heartbeatMs: positive('KEYWARDEN_WORKER_HEARTBEAT_MS'),
  deadAfterMs: positive('KEYWARDEN_WORKER_DEAD_AFTER_MS'),
  tasks: keywardenTasks({ distributionConcurrency: positive('KEYWARDEN_DISTRIBUTION_CONCURRENCY') }),
  crontab: KEYWARDEN_CRONTAB,
});
console.log(`[worker] running ${worker.slots()} job slot(s) as ${worker.workerIds.join(', ')}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
