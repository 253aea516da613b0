import 'server-only';

/** Tag keys on every KMS key Keywarden creates; the installation tag scopes everything else. */
export const TAG_INSTALLATION = 'keywarden:installation';
export const TAG_KEY = 'keywarden:key';
export const TAG_VERSION = 'keywarden:version';

export const ALIAS_PREFIX = 'alias/keywarden/';

export function mainAlias(keyName: string): string {
  return `${ALIAS_PREFIX}${keyName}`;
}

/** `base` is the distribution's remoteName, alias/keywarden/<key>. */
export function versionAlias(base: string, version: number): string {
  return `${base}/v${version}`;
}

export function versionTags(installationId: string, keyName: string, version: number) {
  return [
    { TagKey: TAG_INSTALLATION, TagValue: installationId },
    { TagKey: TAG_KEY, TagValue: keyName },
    { TagKey: TAG_VERSION, TagValue: String(version) },
  ];
}

export function versionDescription(installationId: string, keyName: string, version: number): string {
  return `Keywarden key ${keyName} version ${version} (installation ${installationId})`;
}
