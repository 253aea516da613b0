import { describe, expect, it } from 'vitest';
import { createScrubber } from './scrub';
import { runTokenCommand, splitCommandLine } from './token-command';

describe('token command line', () => {
  it('splits on spaces and tabs; quotes group a word and are removed; nothing else is special', () => {
    expect(splitCommandLine('/usr/bin/get-token --audience sts.amazonaws.com')).toEqual(['/usr/bin/get-token', '--audience', 'sts.amazonaws.com']);
    expect(splitCommandLine(`"/opt/my tools/token" 'a b'\t"" c"d"e`)).toEqual(['/opt/my tools/token', 'a b', '', 'cde']);
    expect(splitCommandLine('echo $HOME `id` | cat > /tmp/x; \\n')).toEqual(['echo', '$HOME', '`id`', '|', 'cat', '>', '/tmp/x;', '\\n']);
    expect(splitCommandLine(`echo "it's"`)).toEqual(['echo', "it's"]);
    expect(splitCommandLine('echo "open')).toBeNull();
    expect(splitCommandLine('   ')).toEqual([]);
  });

  it('runs without a shell: shell syntax reaches the program as plain arguments', async () => {
    const token = await runTokenCommand(`"${process.execPath}" -e "process.stdout.write(process.argv.slice(1).join(','))" $HOME ';' '|'`);
    expect(token).toBe('$HOME,;,|');
  });

  it('names a command that is too slow or prints nothing', async () => {
    await expect(runTokenCommand(`"${process.execPath}" -e "setTimeout(() => {}, 5000)"`, 300)).rejects.toThrow(/did not finish within 0\.3 s \(killed with SIGTERM\)/);
    await expect(runTokenCommand(`"${process.execPath}" -e ""`)).rejects.toThrow(/printed no token\.$/);
    await expect(runTokenCommand('')).rejects.toThrow(/empty or has an unbalanced quote/);
  });
});

describe('scrubber', () => {
  it('removes every secret of the assume_role form, access key ids and JWTs', () => {
    const scrub = createScrubber({ form: 'assume_role', roleArn: 'arn:aws:iam::111122223333:role/r', externalId: 'ext-secret-1', source: { accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 'sk/secret+2', sessionToken: 'st-secret-3' } });
    const text = scrub('ext-secret-1 sk/secret+2 st-secret-3 AKIAEXAMPLE000000001 ASIAABCDEFGHIJKLMNOP eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl arn:aws:iam::111122223333:role/r');
    expect(text).toBe('[redacted] [redacted] [redacted] [redacted] [redacted] [redacted] arn:aws:iam::111122223333:role/r');
  });
});
