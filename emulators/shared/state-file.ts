import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';

/** The emulator state saved in `file`, or undefined when there is none yet; `check` refuses what it cannot read. */
export function loadStateFile<T>(file: string, check: (data: T) => boolean): T | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const data = JSON.parse(text) as T & { version?: unknown };
  if (!check(data)) throw new Error(`${file}: unsupported state version ${String(data.version)}`);
  return data;
}

/**
 * Writes the whole state as JSON to a temporary file and renames it over the target, so a crash
 * leaves either the old or the new state. Writes run one at a time in the order they were asked
 * for; each serializes its snapshot when asked, so the last write always holds the latest state.
 */
export class StateFile<T> {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  save(data: T): Promise<void> {
    const text = JSON.stringify(data);
    const write = this.queue.then(() => writeAtomically(this.path, text));
    this.queue = write.catch(() => undefined);
    return write;
  }

  flush(): Promise<void> {
    return this.queue;
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode: 0o600 });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
