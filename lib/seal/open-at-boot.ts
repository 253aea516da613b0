import { asSealOpenError, initKeyring } from './open';

/**
 * The dashboard's start (instrumentation.ts, Node.js runtime only): opens the seal, or stops the
 * server with one line, never a fallback to another seal.
 */
export async function openSealOrExit(): Promise<void> {
  try {
    await initKeyring(process.env, { watch: true });
  } catch (err) {
    console.error(`[keywarden] The seal cannot be opened: ${asSealOpenError(err).message}`);
    process.exit(1);
  }
}
