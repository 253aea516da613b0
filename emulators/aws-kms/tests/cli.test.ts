import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateKeyCommand, DescribeKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsClient, kmsError } from './helpers';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Runs main.ts the way `npm run emulator:aws -- ...` does (through tsx). */
function run(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /aws-kms emulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve({ child, url: match[1]!, output: () => output });
    };
    child.stdout.on('data', onData);
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
    dir = await mkdtemp(join(tmpdir(), 'aws-kms-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('listens, honours --fault and --data, logs requests and stops on SIGTERM', async () => {
    const data = join(dir, 'kms.json');
    const first = await run(['--port', '0', '--data', data, '--fault', 'DescribeKey:throttle:1']);
    let keyId: string;
    try {
      const kms = kmsClient(first.url, { region: 'eu-west-2', maxAttempts: 1 });
      keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      expect((await kmsError(kms.send(new DescribeKeyCommand({ KeyId: keyId })))).name).toBe('ThrottlingException');
      await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    } finally {
      expect(await stop(first.child)).toBe(0);
    }
    expect(first.output()).toMatch(/aws-kms CreateKey eu-west-2 key=arn:aws:kms:eu-west-2:111122223333:key\/\S+ ok/);
    expect(first.output()).toMatch(/aws-kms DescribeKey eu-west-2 key=\S+ ThrottlingException/);

    const second = await run(['--port', '0', '--data', data, '--quiet']);
    try {
      const described = await kmsClient(second.url, { region: 'eu-west-2' }).send(new DescribeKeyCommand({ KeyId: keyId }));
      expect(described.KeyMetadata?.KeyState).toBe('Enabled');
      expect(second.output()).not.toMatch(/DescribeKey/);
    } finally {
      await stop(second.child);
    }
  });

  it('prints usage for --help and refuses a malformed fault', async () => {
    const help = await exitOf(['--help']);
    expect(help.code).toBe(0);
    expect(help.output).toContain('--fault <spec>');
    const bad = await exitOf(['--fault', 'Encrypt']);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('must look like OPERATION:KIND[:COUNT]');
  });
});
