import { VaultError } from './errors';
import type { Handler } from './operations/context';
import { cryptoOperation, randomBytesOperation, CRYPTO_OPERATIONS } from './operations/crypto';
import { getDeletedKey, listDeletedKeys, purgeDeletedKey, recoverDeletedKey } from './operations/deleted-keys';
import { createKey, deleteKey, getKey, importKey, listKeys, listVersions, rotateKey, updateKey } from './operations/keys';

/** A request matched to a Key Vault REST operation (names as in Azure's REST reference). */
export interface Route {
  operation: string;
  handler: Handler;
  name: string;
  version: string;
  /** Whether the state file must be written afterwards. */
  mutates: boolean;
}

const route = (operation: string, handler: Handler, mutates: boolean, name = '', version = ''): Route => ({
  operation,
  handler,
  name,
  version,
  mutates,
});

const notSupported = (operation: string) => () => {
  throw new VaultError(501, 'NotImplemented', `${operation} is not supported by this emulator.`);
};

export function matchRoute(method: string, rawSegments: string[]): Route | undefined {
  const segments = [...rawSegments];
  while (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  const [collection = '', name = '', third, fourth, ...extra] = segments;
  if (extra.length > 0) return undefined;
  const word = (s: string | undefined) => s?.toLowerCase();
  switch (word(collection)) {
    case 'keys':
      if (name === '') return method === 'GET' && third === undefined ? route('GetKeys', listKeys, false) : undefined;
      if (word(name) === 'restore' && third === undefined && method === 'POST') return route('RestoreKey', notSupported('RestoreKey'), false);
      if (third === undefined) {
        if (method === 'PUT') return route('ImportKey', importKey, true, name);
        if (method === 'GET') return route('GetKey', getKey, false, name);
        if (method === 'PATCH') return route('UpdateKey', updateKey, true, name);
        if (method === 'DELETE') return route('DeleteKey', deleteKey, true, name);
        return undefined;
      }
      if (fourth === undefined) {
        const action = word(third);
        if (method === 'POST' && action === 'create') return route('CreateKey', createKey, true, name);
        if (method === 'POST' && action === 'rotate') return route('RotateKey', rotateKey, true, name);
        if (method === 'POST' && action === 'backup') return route('BackupKey', notSupported('BackupKey'), false, name);
        if (method === 'GET' && action === 'versions') return route('GetKeyVersions', listVersions, false, name);
        if (action === 'rotationpolicy') return route('RotationPolicy', notSupported('The key rotation policy'), false, name);
        if (method === 'GET') return route('GetKey', getKey, false, name, third);
        if (method === 'PATCH') return route('UpdateKey', updateKey, true, name, third);
        return undefined;
      }
      {
        const op = word(fourth) ?? '';
        if (method !== 'POST' || !(op in CRYPTO_OPERATIONS)) return undefined;
        const operation = { encrypt: 'Encrypt', decrypt: 'Decrypt', wrapkey: 'WrapKey', unwrapkey: 'UnwrapKey', sign: 'Sign', verify: 'Verify' }[op]!;
        return route(operation, cryptoOperation(op), false, name, third);
      }
    case 'deletedkeys':
      if (name === '') return method === 'GET' && third === undefined ? route('GetDeletedKeys', listDeletedKeys, false) : undefined;
      if (third === undefined) {
        if (method === 'GET') return route('GetDeletedKey', getDeletedKey, false, name);
        if (method === 'DELETE') return route('PurgeDeletedKey', purgeDeletedKey, true, name);
        return undefined;
      }
      if (fourth === undefined && method === 'POST' && word(third) === 'recover') return route('RecoverDeletedKey', recoverDeletedKey, true, name);
      return undefined;
    case 'rng':
      return method === 'POST' && name === '' ? route('GetRandomBytes', randomBytesOperation, false) : undefined;
    default:
      return undefined;
  }
}
