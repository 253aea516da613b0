import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM launcher module without types
import { startEmbeddedDb } from './embedded-db.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'keywarden-embedded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('the embedded default database', () => {
  it('keeps its data across restarts and starts again after its launcher was killed', async () => {
    const first = await startEmbeddedDb(dir, { log: () => {} });
    await query(first.url, `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')`);
    await first.stop();

    // A launcher that dies by SIGKILL leaves its postgres running and the data folder locked.
    const launcher = spawn(process.execPath, [
      '--input-type=module',
      '-e',
      `const { startEmbeddedDb } = await import(${JSON.stringify(path.resolve('scripts/embedded-db.mjs'))});
       await startEmbeddedDb(${JSON.stringify(dir)}, { log: () => {} });
       console.log('up'); setInterval(() => {}, 1000);`,
    ]);
    await new Promise<void>((resolve, reject) => {
      launcher.stdout.on('data', (d: Buffer) => d.toString().includes('up') && resolve());
      launcher.on('exit', (code) => reject(new Error(`launcher exited ${code}`)));
    });
    launcher.kill('SIGKILL');

    const again = await startEmbeddedDb(dir, { log: () => {} });
    expect(await query(again.url, 'SELECT v FROM kept')).toEqual([{ v: 'survives' }]);
    await again.stop();
  });
});
