import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLocalRootKeyFile, parseLocalRootKeyFile, rootKeyFromBytes } from '@/lib/crypto/seal';
import { createFileExclusively, parseSealFile, previousName, serializeSealFile, writeFileAtomically, type SealFile } from './file';

const sample: SealFile = {
  format: 'keywarden-seal/1',
  type: 'awskms',
  installationId: '5b0c6f8e-1111-4222-8333-444455556666',
  rootKeys: [
    { id: 'local:aaaa', state: 'active', kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k2', ciphertext: 'AQID', createdAt: '2026-12-01T00:00:00.000Z' },
    { id: 'local:bbbb', state: 'retired', kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k1', ciphertext: 'BAUG', createdAt: '2026-11-01T00:00:00.000Z' },
  ],
};

describe('the awskms seal file', () => {
  it('round-trips', () => {
    expect(parseSealFile(serializeSealFile(sample))).toEqual(sample);
  });

  it('refuses anything else, saying why', () => {
    const bad = (change: object) => () => parseSealFile(JSON.stringify({ ...sample, ...change }), 'seal.json');
    expect(() => parseSealFile('{', 'seal.json')).toThrow('seal.json is not JSON.');
    expect(bad({ format: 'keywarden-seal/2' })).toThrow(/format is not "keywarden-seal\/1"/);
    expect(bad({ type: 'local' })).toThrow(/type is not "awskms"/);
    expect(bad({ installationId: '' })).toThrow(/no installationId/);
    expect(bad({ rootKeys: [] })).toThrow(/no rootKeys/);
    expect(bad({ rootKeys: [{ ...sample.rootKeys[0], ciphertext: undefined }] })).toThrow(/rootKeys\[0\]\.ciphertext is missing/);
    expect(bad({ rootKeys: [sample.rootKeys[1]] })).toThrow(/first root key must be the only active one/);
    expect(bad({ rootKeys: [sample.rootKeys[0], sample.rootKeys[0]] })).toThrow(/only active one/);
    expect(bad({ rootKeys: [sample.rootKeys[0], { ...sample.rootKeys[1], id: 'local:aaaa' }] })).toThrow(/appears twice/);
  });

  it('is written atomically and owner-only, and created once', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kw-seal-file-'));
    const file = path.join(dir, 'root-key.awskms.json');
    expect(createFileExclusively(file, 'first')).toBe(true);
    expect(createFileExclusively(file, 'second')).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('first');
    writeFileAtomically(file, 'third');
    expect(readFileSync(file, 'utf8')).toBe('third');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['root-key.awskms.json']); // no temp file left behind
    expect(previousName(file, new Date('2026-12-01T10:20:30.456Z'))).toBe(`${file}.previous-2026-12-01T10-20-30-456Z`);
  });
});

describe('the local root key file', () => {
  it('holds the active key first and retired keys after it; one line is the old format', () => {
    const a = rootKeyFromBytes(Buffer.alloc(32, 1));
    const b = rootKeyFromBytes(Buffer.alloc(32, 2));
    expect(parseLocalRootKeyFile(formatLocalRootKeyFile([a, b])).map((k) => k.id)).toEqual([a.id, b.id]);
    expect(parseLocalRootKeyFile(`${a.key.toString('base64')}\n`).map((k) => k.id)).toEqual([a.id]);
    expect(() => parseLocalRootKeyFile('\n')).toThrow(/empty/);
    expect(() => parseLocalRootKeyFile('AAAA')).toThrow(/32 bytes/);
  });
});
