// Next.js runs register() once per server process before it serves: the seal is opened here
// (AWS KMS: the root key is decrypted once and kept in memory), and a seal that cannot be opened
// stops the server with one line, never a fallback to another seal.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { asSealOpenError, initKeyring } = await import('./lib/seal/open');
  try {
    await initKeyring(process.env, { watch: true });
  } catch (err) {
    console.error(`[keywarden] The seal cannot be opened: ${asSealOpenError(err).message}`);
    process.exit(1);
  }
}
