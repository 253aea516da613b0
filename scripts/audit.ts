// `npm run audit -- <command>`: the audit chain's checkpoints outside the database (lib/audit/README.md).
//   checkpoint   append a signed checkpoint of the chain's head to the checkpoint file now
//   verify       recompute the chain and compare it with the checkpoints; exit 1 when it does not hold
// Run as: node --conditions=react-server --import tsx scripts/audit.ts <command>
// The same defaults as `npm start`: the data folder's root key and (while it runs) the database's URL.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkpointFile, writeCheckpoint } from '../lib/audit/checkpoints';
import { checkChainAndCheckpoints } from '../lib/audit/verify-chain';
import { getDb } from '../lib/db/client';
import { asSealOpenError, initKeyring } from '../lib/seal/open';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const dataDir = path.resolve(process.env.KEYWARDEN_DATA_DIR || 'data');
process.env.KEYWARDEN_DATA_DIR = dataDir;
if ((process.env.KEYWARDEN_SEAL_TYPE?.trim() || 'local') === 'local' && !process.env.KEYWARDEN_ROOT_KEY && !process.env.KEYWARDEN_ROOT_KEY_FILE) {
  process.env.KEYWARDEN_ROOT_KEY_FILE = path.join(dataDir, 'root.key');
}
if (!process.env.DATABASE_URL && existsSync(path.join(dataDir, 'runtime.json'))) {
  // The application role's URL: reading the chain needs no owner's rights.
  const runtime = JSON.parse(readFileSync(path.join(dataDir, 'runtime.json'), 'utf8')) as { databaseUrl?: string; appDatabaseUrl?: string };
  process.env.DATABASE_URL = runtime.appDatabaseUrl ?? runtime.databaseUrl;
}
const say = (line: string) => console.log(`[keywarden] ${line}`);

async function main(command: string | undefined): Promise<number> {
  if (command !== 'checkpoint' && command !== 'verify') {
    console.error('Usage: npm run audit -- checkpoint | verify');
    return 2;
  }
  try {
    await initKeyring();
  } catch (err) {
    console.error(`[keywarden] The seal cannot be opened: ${asSealOpenError(err).message}`);
    return 1;
  }
  if (command === 'checkpoint') {
    const result = await writeCheckpoint();
    const { seq, hash } = result.checkpoint;
    if (result.status === 'refused') {
      console.error(`[keywarden] No checkpoint written: ${result.reason}.`);
      return 1;
    }
    say(`${result.status === 'written' ? 'Checkpoint written' : 'The last checkpoint is current'}: head #${seq} (${hash.slice(0, 16)}…) in ${checkpointFile()}.`);
    return 0;
  }
  const report = await checkChainAndCheckpoints();
  const latest = report.checkpoints?.latest;
  const against = latest ? `the checkpoint of ${latest.at} (#${latest.seq})` : `no checkpoint (${checkpointFile()} is empty or missing)`;
  if (report.ok) {
    say(`Chain intact: ${report.checked} events verified, consistent with ${against}.`);
    return 0;
  }
  console.error(`[keywarden] Chain broken (${report.brokenCount} break${report.brokenCount === 1 ? '' : 's'}; ${report.checked} events read, compared with ${against}).`);
  console.error(`[keywarden] First: #${report.firstBroken?.seq}: ${report.firstBroken?.reason}.`);
  return 1;
}

let code: number;
try {
  code = await main(process.argv[2]);
} catch (err) {
  console.error(`[keywarden] ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  code = 1;
}
await getDb().$disconnect().catch(() => {});
process.exit(code);
