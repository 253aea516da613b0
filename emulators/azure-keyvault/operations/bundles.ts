import { publicJwk } from '../key-material';
import { latestVersion, type KeyRecord, type KeyVersion, type VaultSettings } from '../state';
import type { VaultContext } from './context';

/** Azure's key bundles: public JWK members only, attributes with the vault's recovery level. */
export function recoveryLevelName(settings: VaultSettings): string {
  if (settings.recoveryLevel === 'Purgeable') return 'Purgeable';
  return settings.retentionDays < 90 ? `Customized${settings.recoveryLevel}` : settings.recoveryLevel;
}

export const keyPath = (record: KeyRecord) => `/keys/${record.name}`;

function attributes(ctx: VaultContext, version: KeyVersion): object {
  const a = version.attributes;
  return {
    enabled: a.enabled,
    ...(a.nbf !== undefined && { nbf: a.nbf }),
    ...(a.exp !== undefined && { exp: a.exp }),
    created: a.created,
    updated: a.updated,
    recoveryLevel: recoveryLevelName(ctx.settings),
    ...(ctx.settings.recoveryLevel !== 'Purgeable' && { recoverableDays: ctx.settings.retentionDays }),
    exportable: false,
  };
}

export function keyBundle(ctx: VaultContext, record: KeyRecord, version: KeyVersion): object {
  return {
    key: {
      kid: `${ctx.origin}${keyPath(record)}/${version.version}`,
      kty: version.kty,
      key_ops: version.keyOps,
      ...publicJwk(version),
    },
    attributes: attributes(ctx, version),
    ...(version.tags && { tags: version.tags }),
  };
}

function deletion(ctx: VaultContext, record: KeyRecord): object {
  if (!record.deleted) return {};
  return {
    recoveryId: `${ctx.origin}/deletedkeys/${record.name}`,
    deletedDate: record.deleted.deletedDate,
    scheduledPurgeDate: record.deleted.scheduledPurgeDate,
  };
}

export const deletedKeyBundle = (ctx: VaultContext, record: KeyRecord) => ({
  ...keyBundle(ctx, record, latestVersion(record)),
  ...deletion(ctx, record),
});

/** A list item: kid without version for keys, with it for versions. */
export function keyItem(ctx: VaultContext, record: KeyRecord, version: KeyVersion, withVersion: boolean): object {
  return {
    kid: `${ctx.origin}${keyPath(record)}${withVersion ? `/${version.version}` : ''}`,
    attributes: attributes(ctx, version),
    ...(version.tags && { tags: version.tags }),
  };
}

export const deletedKeyItem = (ctx: VaultContext, record: KeyRecord) => ({
  ...keyItem(ctx, record, latestVersion(record), false),
  ...deletion(ctx, record),
});
