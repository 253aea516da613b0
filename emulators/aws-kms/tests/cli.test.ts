import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, DescribeKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, kmsClient, kmsError, runCli as run, stopCli as stop } from './helpers';

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

  it('prints usage for --help and refuses a malformed fault or quota', async () => {
    const help = await exitOf(['--help']);
    expect(help.code).toBe(0);
    expect(help.output).toContain('--fault <spec>');
    const bad = await exitOf(['--fault', 'Encrypt']);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('must look like OPERATION:KIND[:COUNT]');
    expect(help.output).toContain('--quota <q>=<rps>');
    const badQuota = await exitOf(['--quota', 'Encrypt=5']);
    expect(badQuota.code).toBe(2);
    expect(badQuota.output).toContain('Encrypt has no quota of its own');
  });
});
