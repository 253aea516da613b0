import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
// @ts-expect-error plain ESM launcher module without types
import { isSameProcess } from '../scripts/process-registry.mjs';
import { signIn } from './support';

// Second and third `npm start`s beside the suite's, on data folders of their own, reusing its build.
const PASSWORD = 'e2e-restart-admin-password-1';
type Recorded = { name: string; pid: number; startTime: string };

function launch(port: number, dataDir: string) {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: {
      ...process.env,
      PORT: String(port),
      KEYWARDEN_DATA_DIR: dataDir,
      KEYWARDEN_ADMIN_PASSWORD: PASSWORD,
      DATABASE_URL: '',
      KEYWARDEN_ROOT_KEY: '',
      AUTH_SECRET: '',
      KEYWARDEN_AWS_KMS_PORT: '0',
      KEYWARDEN_AZURE_KV_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

async function ready(port: number, launcher: ReturnType<typeof launch>, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (launcher.child.exitCode !== null) throw new Error(`the launcher exited (${launcher.child.exitCode}):\n${launcher.output().slice(-3000)}`);
    const res = await fetch(`http://localhost:${port}/api/health/ready`).catch(() => null);
    if (res?.ok) return;
    if (Date.now() > deadline) throw new Error(`not ready: ${res ? await res.text() : 'not listening'}\n${launcher.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function recorded(dataDir: string): Recorded[] {
  const file = path.join(dataDir, 'processes.json');
  if (!existsSync(file)) return [];
  const { launcher, children } = JSON.parse(readFileSync(file, 'utf8'));
  return [launcher, ...children];
}

const running = (processes: Recorded[]) => processes.filter((p) => isSameProcess(p)).map((p) => `${p.name} (pid ${p.pid})`);

async function until(condition: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}

async function cleanUp(launchers: ReturnType<typeof launch>[], processes: Recorded[]) {
  for (const { child } of launchers) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
  }
  for (const p of processes) if (isSameProcess(p)) process.kill(p.pid, 'SIGKILL');
}

test('after SIGKILL the same npm start comes back with its data; a killed PostgreSQL is restarted; SIGTERM leaves nothing', async ({ browser }) => {
  test.setTimeout(420_000);
  const port = 3102;
  const dataDir = '.tmp/e2e-restart-data';
  rmSync(dataDir, { recursive: true, force: true });
  const launchers: ReturnType<typeof launch>[] = [];
  const seen: Recorded[] = [];
  const context = await browser.newContext({ baseURL: `http://localhost:${port}` });
  try {
    const first = launch(port, dataDir);
    launchers.push(first);
    await ready(port, first);
    const firstRun = recorded(dataDir);
    seen.push(...firstRun);
    expect(firstRun.map((p) => p.name).sort()).toEqual(
      ['AWS KMS emulator', 'Azure Key Vault emulator', 'dashboard', 'job worker', 'launcher', 'postgresql'].sort(),
    );
    const page = await context.newPage();
    await signIn(page, 'admin', PASSWORD);
    const key = `restart-${Date.now()}`;
    expect((await page.request.post('/api/keys', { data: { name: key, type: 'ecdsa-p256' } })).status()).toBe(201);

    first.child.kill('SIGKILL');
    // Its Node children follow it within seconds; its PostgreSQL is left for the next start to stop.
    const nodeChildren = firstRun.filter((p) => p.name !== 'postgresql' && p.name !== 'launcher');
    await until(() => running(nodeChildren).length === 0, 30_000);
    expect(running(nodeChildren)).toEqual([]);

    const second = launch(port, dataDir);
    launchers.push(second);
    await ready(port, second);
    expect(running(firstRun)).toEqual([]);
    seen.push(...recorded(dataDir));
    // The same session (the session secret is kept) sees the key made before the SIGKILL.
    expect((await page.request.get(`/api/keys/${key}`)).status()).toBe(200);

    // PostgreSQL killed under the running service: the launcher notices, says so and starts it again.
    const postgres = recorded(dataDir).find((p) => p.name === 'postgresql')!;
    process.kill(postgres.pid, 'SIGKILL');
    await until(() => second.output().includes('The embedded PostgreSQL is running again.'), 60_000);
    expect(second.output()).toContain('The embedded PostgreSQL stopped (SIGKILL); restarting it.');
    await ready(port, second, 60_000);
    seen.push(...recorded(dataDir));
    await expect.poll(async () => (await page.request.get(`/api/keys/${key}`)).status(), { timeout: 30_000 }).toBe(200);

    // SIGTERM: a clean stop, every process of the run gone, nothing recorded.
    const secondRun = recorded(dataDir);
    const exited = new Promise((resolve) => second.child.once('exit', resolve));
    second.child.kill('SIGTERM');
    await exited;
    expect(running(secondRun)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'processes.json'))).toBe(false);
  } finally {
    await context.close();
    await cleanUp(launchers, seen);
  }
});

test('a dashboard that cannot start (its port is taken) stops the whole start-up and leaves nothing running', async () => {
  test.setTimeout(300_000);
  const dataDir = '.tmp/e2e-restart-crash-data';
  rmSync(dataDir, { recursive: true, force: true });
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  const seen: Recorded[] = [];
  const launcher = launch(port, dataDir);
  try {
    // Record what it starts while it starts, to check afterwards that all of it stopped.
    const watch = setInterval(() => seen.push(...recorded(dataDir)), 200);
    const code = await new Promise<number | null>((resolve) => launcher.child.once('exit', resolve));
    clearInterval(watch);
    expect(code, launcher.output().slice(-2000)).not.toBe(0);
    expect(launcher.output()).toMatch(/EADDRINUSE/);
    expect(seen.map((p) => p.name)).toContain('dashboard');
    expect(running(seen)).toEqual([]);
  } finally {
    blocker.close();
    await cleanUp([launcher], seen);
  }
});
