import { execFile } from 'node:child_process';

/** The token command's limits: a token is a few KiB and an identity agent answers in seconds. */
export const TOKEN_COMMAND_TIMEOUT_MS = 10_000;
const TOKEN_COMMAND_MAX_BYTES = 64 * 1024;

/**
 * Splits a token command line into program and arguments, with no shell: words are separated by
 * spaces or tabs; '…' and "…" group a word that holds spaces (quotes are removed, nothing inside is
 * special: no escapes, variables, globs, pipes or redirections). Returns null for an unbalanced quote.
 */
export function splitCommandLine(line: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = null;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === ' ' || char === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) return null;
  if (inWord) words.push(word);
  return words;
}

/** A token command that failed, in words an operator can act on (never its output). */
export class TokenCommandError extends Error {
  override readonly name = 'TokenCommandError';
}

/** Runs the command (execFile, no shell, with a timeout) and returns its trimmed stdout: the OIDC token. */
export function runTokenCommand(line: string, timeoutMs = TOKEN_COMMAND_TIMEOUT_MS): Promise<string> {
  const words = splitCommandLine(line);
  if (!words || words.length === 0) return Promise.reject(new TokenCommandError('The web identity token command is empty or has an unbalanced quote.'));
  const [program, ...args] = words as [string, ...string[]];
  return new Promise((resolve, reject) => {
    execFile(program, args, { timeout: timeoutMs, maxBuffer: TOKEN_COMMAND_MAX_BYTES, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: string | number | null };
        const why =
          e.code === 'ENOENT' ? 'was not found'
          : e.killed && e.signal ? `did not finish within ${timeoutMs / 1000} s (killed with ${e.signal})`
          : e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' ? `printed more than ${TOKEN_COMMAND_MAX_BYTES} bytes`
          : typeof e.code === 'number' ? `exited with code ${e.code}`
          : e.message;
        const said = String(stderr ?? '').trim().split('\n')[0]?.slice(0, 200);
        reject(new TokenCommandError(`The web identity token command ${program} ${why}${said ? `: ${said}` : ''}.`));
        return;
      }
      const token = stdout.trim();
      if (!token) reject(new TokenCommandError(`The web identity token command ${program} printed no token.`));
      else resolve(token);
    });
  });
}
