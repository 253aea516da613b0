import { verify } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialFor, cryptoClient, keyClient, publicKeyOfJwk, restError, sha, startEmulator } from './helpers';

describe('persistence with a data file', () => {
  // A data folder of each test's own: the first test lists the folder's files.
  const dirs: string[] = [];
  const freshDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'azure-kv-data-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('keeps keys, versions, attributes and deletions across a restart; tokens stay valid', async () => {
    const dir = await freshDir();
    const dataFile = join(dir, 'keyvault.json');
    const first = await startEmulator({ dataFile, certDir: dir });
    const credential = credentialFor(first);
    const client = keyClient(first, { credential });
    const kept = await client.createEcKey('kept', { tags: { a: 'b' } });
    const second = await client.createEcKey('kept');
    await client.updateKeyProperties('kept', second.properties.version!, { enabled: false });
    await client.createRsaKey('doomed');
    await (await client.beginDeleteKey('doomed', { intervalInMs: 10 })).pollUntilDone();
    const port = first.port;
    const caPem = first.caPem;
    await first.close();

    expect((await readdir(dir)).sort()).toEqual(['entra-signing-key.pem', 'keyvault.json', 'tls-cert.pem', 'tls-key.pem']);
    expect(JSON.parse(await readFile(dataFile, 'utf8'))).toMatchObject({ version: 1 });

    const again = await startEmulator({ dataFile, certDir: dir, port });
    try {
      expect(again.caPem).toBe(caPem);
      const sameClient = keyClient(again, { credential });
      expect((await sameClient.getKey('kept', { version: kept.properties.version! })).properties.tags).toEqual({ a: 'b' });
      expect((await sameClient.getKey('kept')).properties.enabled).toBe(false);
      const { result } = await cryptoClient(again, kept.id!, credential).sign('ES256', sha(256, 'after restart'));
      expect(verify('sha256', Buffer.from('after restart'), { key: publicKeyOfJwk(kept.key!), dsaEncoding: 'ieee-p1363' }, result)).toBe(true);
      expect((await sameClient.getDeletedKey('doomed')).name).toBe('doomed');
      expect((await restError(sameClient.createRsaKey('doomed'))).statusCode).toBe(409);
    } finally {
      await again.close();
    }
  });

  it('refuses to start on a file that is not its state', async () => {
    const dir = await freshDir();
    const file = join(dir, 'broken.json');
    await writeFile(file, '{"version": 7}');
    await expect(startEmulator({ dataFile: file, certDir: dir })).rejects.toThrow(/unsupported state version/);
  });
});
