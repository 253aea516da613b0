import { deletedKeyNotFound, VaultError } from '../errors';
import { latestVersion, type KeyRecord } from '../state';
import { deletedKeyBundle, deletedKeyItem, keyBundle } from './bundles';
import type { VaultContext } from './context';
import { page } from './paging';

function deletedRecord(ctx: VaultContext, name: string): KeyRecord {
  const record = ctx.store.record(ctx.vault, name);
  if (!record?.deleted) throw deletedKeyNotFound(name);
  return record;
}

export const getDeletedKey = (ctx: VaultContext, name: string) => deletedKeyBundle(ctx, deletedRecord(ctx, name));

export function listDeletedKeys(ctx: VaultContext): object {
  const deleted = ctx.store.records(ctx.vault).filter((r) => r.deleted);
  return page(ctx, '/deletedkeys', deleted.map((r) => deletedKeyItem(ctx, r)));
}

export function recoverDeletedKey(ctx: VaultContext, name: string): object {
  const record = deletedRecord(ctx, name);
  delete record.deleted;
  return keyBundle(ctx, record, latestVersion(record));
}

export function purgeDeletedKey(ctx: VaultContext, name: string): undefined {
  const record = deletedRecord(ctx, name);
  if (ctx.settings.recoveryLevel === 'Recoverable') {
    throw new VaultError(
      403,
      'Forbidden',
      'Operation "purge" is not allowed because purge protection is enabled for this vault. Key Vault service will automatically purge it after the retention period has passed.',
    );
  }
  ctx.store.remove(ctx.vault, record.name);
  return undefined;
}
