import 'server-only';
import { getKeyring } from '@/lib/crypto/seal';
import { parseSealConfig } from './config';
import { latestRotation, remainingBlobs } from './rotation';

/** One line on the seal for the admin pages: which seal, the active root key, the last rotation's progress. Never a secret. */
export async function sealSummary(): Promise<string> {
  const config = parseSealConfig();
  const keyring = getKeyring();
  const seal = config.type === 'awskms' ? `AWS KMS (${config.keyId}, ${config.region})` : 'local root key';
  const retired = keyring.keyIds.length - 1;
  let line = `Seal: ${seal} · root key ${keyring.activeKeyId}${retired > 0 ? ` (+${retired} retired)` : ''}`;
  const rotation = await latestRotation();
  if (rotation) {
    const left = rotation.state === 'running' ? Object.values(await remainingBlobs(rotation.targetRootKeyId)).reduce((a, b) => a + b, 0) : 0;
    line += ` · root key rotation #${rotation.id}: ${rotation.state}, ${rotation.rewrapped} rewrapped${rotation.state === 'running' ? `, ${left} left` : ''}`;
    if (rotation.state === 'running' && rotation.lastError) line += ` (last error: ${rotation.lastError})`;
  }
  return line;
}
