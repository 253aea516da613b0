import { randomBytes } from 'node:crypto';
import { CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { importMaterial, kmsClient, kmsError, startEmulator } from './helpers';

describe('request log', () => {
  it('writes one line per request with operation, key, outcome and time, and no secrets', async () => {
    const lines: string[] = [];
    const emulator = await startEmulator({ quiet: false, log: (line) => lines.push(line) });
    try {
      const kms = kmsClient(emulator.url, { region: 'eu-west-1' });
      const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
      const plaintext = Buffer.from('TOP-SECRET-PLAINTEXT-0123456789');
      const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext }));
      await kms.send(new DecryptCommand({ CiphertextBlob }));
      const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, NumberOfBytes: 32 }));
      const external = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!;
      const material = randomBytes(32);
      await importMaterial(kms, external.KeyId!, material, { algorithm: 'RSAES_OAEP_SHA_256' });
      await kmsError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/missing' })));

      expect(lines).toHaveLength(8);
      expect(lines[1]).toMatch(
        new RegExp(`^\\S+Z aws-kms Encrypt eu-west-1 key=${key.Arn!.replace(/[/]/g, '\\/')} ok \\d+\\.\\dms$`),
      );
      expect(lines[2]).toContain(`Decrypt eu-west-1 key=${key.Arn} ok`);
      expect(lines[7]).toMatch(/DescribeKey eu-west-1 key=alias\/missing NotFoundException \d+\.\dms$/);
      const secrets = [plaintext, Buffer.from(dataKey.Plaintext!), material].flatMap((s) => [
        s.toString('utf8'),
        s.toString('base64'),
        s.toString('hex'),
      ]);
      for (const line of lines) for (const secret of secrets) expect(line).not.toContain(secret);
    } finally {
      await emulator.close();
    }
  });

  it('is silent when quiet', async () => {
    const lines: string[] = [];
    const emulator = await startEmulator({ quiet: true, log: (line) => lines.push(line) });
    try {
      await kmsClient(emulator.url).send(new CreateKeyCommand({}));
      expect(lines).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});
