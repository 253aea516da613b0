// Next.js runs register() once per server process before it serves: the seal is opened here
// (AWS KMS: the root key is decrypted once and kept in memory). Node.js runtime only; the work is
// in lib/seal/open-at-boot.ts so the Edge bundle never sees Node APIs.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build') {
    await (await import('./lib/seal/open-at-boot')).openSealOrExit();
  }
}
