import 'server-only';
import { ProviderError } from '../contract';
import type { Vault } from './client';
import { candidateNames, type Owner } from './names';
import { nameState, reclaimDeletedKey } from './remote-key';

const CANDIDATES = 5;

/**
 * The Azure key name for a new distribution: the mapped key name unless another owner holds it
 * (live or soft-deleted; another provider of this installation is another owner), else the first
 * free suffixed name. This provider's own soft-deleted
 * key under the name is purged (or, under purge protection, recovered) so the import meets no 409.
 */
export async function chooseRemoteName(vault: Vault, owner: Owner, keyName: string): Promise<string> {
  const names = candidateNames(owner.installationId, keyName, CANDIDATES);
  for (const name of names) {
    const state = await nameState(vault, name, owner, keyName);
    if (state.kind === 'free' || state.kind === 'ours') return name;
    if (state.kind === 'deleted' && state.ours) {
      await reclaimDeletedKey(vault, name, state.deleted);
      return name;
    }
  }
  throw new ProviderError('NameUnavailable', `Azure key names ${names.join(', ')} are all held by keys provider ${owner.provider} of this installation does not own.`, {
    retryable: false,
  });
}
