import * as ops from '../crypto-ops';
import { badParameter, VaultError } from '../errors';
import { decodeBinary, privateKeyOf } from '../key-material';
import type { KeyVersion } from '../state';
import type { VaultContext } from './context';
import { locate } from './keys';
import { requiredString } from './validation';

/** The key operation each path names (`/keys/{name}/{version}/wrapkey` → wrapKey). */
export const CRYPTO_OPERATIONS: Record<string, string> = {
  encrypt: 'encrypt',
  decrypt: 'decrypt',
  wrapkey: 'wrapKey',
  unwrapkey: 'unwrapKey',
  sign: 'sign',
  verify: 'verify',
};

/** Operations that use the private key: Key Vault refuses them on a disabled or out-of-date version. */
const PRIVATE_OPERATIONS = ['decrypt', 'unwrapKey', 'sign'];

function checkUsable(ctx: VaultContext, version: KeyVersion, operation: string): void {
  if (PRIVATE_OPERATIONS.includes(operation)) {
    const a = version.attributes;
    if (!a.enabled) throw new VaultError(403, 'Forbidden', `Operation ${operation} is not allowed on a disabled key.`, 'KeyDisabled');
    if (a.exp !== undefined && ctx.now >= a.exp) {
      throw new VaultError(403, 'Forbidden', `Operation ${operation} is not allowed on an expired key.`, 'KeyExpired');
    }
    if (a.nbf !== undefined && ctx.now < a.nbf) {
      throw new VaultError(403, 'Forbidden', `Operation ${operation} is not allowed on a key that is not yet valid.`, 'KeyNotYetValid');
    }
  }
  if (!version.keyOps.includes(operation)) {
    throw new VaultError(403, 'Forbidden', `Operation ${operation} is not permitted on this key.`, 'KeyOperationForbidden');
  }
}

const binary = (ctx: VaultContext, name: string) => {
  const value = requiredString(ctx.body, name);
  if (!/^[A-Za-z0-9_\-+/]*={0,2}$/.test(value)) throw badParameter(`The parameter '${name}' must be base64url.`);
  return decodeBinary(value);
};

export function cryptoOperation(pathOperation: string) {
  const operation = CRYPTO_OPERATIONS[pathOperation]!;
  return (ctx: VaultContext, name: string, version: string): object => {
    const { record, version: found } = locate(ctx, name, version);
    checkUsable(ctx, found, operation);
    const key = privateKeyOf(found);
    const kid = `${ctx.origin}/keys/${record.name}/${found.version}`;
    switch (operation) {
      case 'encrypt':
      case 'wrapKey':
        return { kid, value: ops.encrypt(key, ops.checkEncryptionAlgorithm(ctx.body.alg, key), binary(ctx, 'value')).toString('base64url') };
      case 'decrypt':
      case 'unwrapKey':
        return { kid, value: ops.decrypt(key, ops.checkEncryptionAlgorithm(ctx.body.alg, key), binary(ctx, 'value')).toString('base64url') };
      case 'sign':
        return { kid, value: ops.sign(key, ops.checkSignatureAlgorithm(ctx.body.alg, key), binary(ctx, 'value')).toString('base64url') };
      default:
        return { value: ops.verify(key, ops.checkSignatureAlgorithm(ctx.body.alg, key), binary(ctx, 'digest'), binary(ctx, 'value')) };
    }
  };
}

export function randomBytesOperation(ctx: VaultContext): object {
  const count = ctx.body.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 128) {
    throw badParameter('The parameter count must be an integer between 1 and 128.');
  }
  return { value: ops.randomValue(count).toString('base64url') };
}
