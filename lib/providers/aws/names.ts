import 'server-only';

/**
 * Tag keys on every KMS key Keywarden creates. The installation and provider tags together scope
 * everything else: two providers of one installation on one account and region never touch each
 * other's keys or aliases. A key without a provider tag (created before providers were tagged) is
 * nobody's: never found, moved or deleted by any provider.
 */
export const TAG_INSTALLATION = 'keywarden:installation';
export const TAG_PROVIDER = 'keywarden:provider';
export const TAG_KEY = 'keywarden:key';
export const TAG_VERSION = 'keywarden:version';

/** Who owns a cloud object: the installation and the provider's name (unique and immutable in it). */
export interface Owner {
  installationId: string;
  provider: string;
}

export const ALIAS_PREFIX = 'alias/keywarden/';

export function mainAlias(keyName: string): string {
  return `${ALIAS_PREFIX}${keyName}`;
}

/** `base` is the distribution's remoteName, alias/keywarden/<key>. */
export function versionAlias(base: string, version: number): string {
  return `${base}/v${version}`;
}

export function versionTags(owner: Owner, keyName: string, version: number) {
  return [
    { TagKey: TAG_INSTALLATION, TagValue: owner.installationId },
    { TagKey: TAG_PROVIDER, TagValue: owner.provider },
    { TagKey: TAG_KEY, TagValue: keyName },
    { TagKey: TAG_VERSION, TagValue: String(version) },
  ];
}

export function versionDescription(owner: Owner, keyName: string, version: number): string {
  return `Keywarden key ${keyName} version ${version} (installation ${owner.installationId}, provider ${owner.provider})`;
}
