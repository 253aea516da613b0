import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClientSecretCredential } from '@azure/identity';
import { KeyClient } from '@azure/keyvault-keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, DEFAULT_TENANT_ID } from '../clients';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

interface Running {
  child: ChildProcess;
  output: () => string;
}

/** Runs main.ts the way `npm run emulator:azure -- ...` does (through tsx). */
function run(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on https:\/\/localhost:\d+/.test(output)) resolve({ child, output: () => output });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

function exitOf(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe('command line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'azure-kv-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves HTTPS with the demo client, prints its certificate path, logs requests and stops on SIGTERM', async () => {
    const running = await run(['--port', '0', '--identity-port', 'off', '--vault', 'demo', '--data', join(dir, 'state.json')]);
    try {
      const url = /vault demo at (https:\/\/localhost:\d+)/.exec(running.output())![1]!;
      const authority = /authority host (https:\/\/localhost:\d+)/.exec(running.output())![1]!;
      const certPath = /trust the certificate (\S+)/.exec(running.output())![1]!;
      expect(certPath).toBe(join(dir, 'tls-cert.pem'));
      const ca = await readFile(certPath, 'utf8');
      const credential = new ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret, {
        authorityHost: authority,
        disableInstanceDiscovery: true,
        tlsOptions: { ca },
      });
      const client = new KeyClient(url, credential, { disableChallengeResourceVerification: true, tlsOptions: { ca } });
      expect((await client.createEcKey('from-cli')).name).toBe('from-cli');
    } finally {
      expect(await stop(running.child)).toBe(0);
    }
    expect(running.output()).toMatch(/azure-keyvault demo CreateKey from-cli\/[0-9a-f]{32} 200 /);
  });

  it('prints usage for --help and refuses a malformed client or fault', async () => {
    const help = await exitOf(['--help']);
    expect(help.code).toBe(0);
    expect(help.output).toContain('--client <spec>');
    const bad = await exitOf(['--client', 'nosecret']);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('must look like [TENANT/]CLIENT_ID:SECRET');
    const fault = await exitOf(['--fault', 'GetKey']);
    expect(fault.code).toBe(2);
  });
});
