import 'server-only';
import { createHash } from 'node:crypto';

/**
 * Tag names on every Azure key version Keywarden imports. Key Vault documents tag names only by
 * length (512), not by alphabet, so these keep to letters and `-` (AWS uses `keywarden:…`), which
 * every Azure tag context accepts. Tags are per version: every version carries all four. The
 * installation and provider tags together scope ownership: two providers of one installation on
 * one vault never take each other's keys. A version without a provider tag (imported before
 * providers were tagged) is nobody's: never found, taken over or deleted by any provider.
 */
export const TAG_INSTALLATION = 'keywarden-installation';
export const TAG_PROVIDER = 'keywarden-provider';
export const TAG_KEY = 'keywarden-key';
export const TAG_VERSION = 'keywarden-version';
/** On the key-exchange key: marks it as the installation's KEK. */
export const TAG_ROLE = 'keywarden-role';

export const AZURE_NAME_MAX = 127;
const AZURE_NAME = /^[0-9a-zA-Z-]{1,127}$/;
const SUFFIX_HEX = 6;

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `-k` + 6 hex: `k` keeps it from reading as a version number. */
function suffixFor(installationId: string, keyName: string, attempt: number): string {
  return `-k${digest(`${installationId}\n${keyName}\n${attempt}`).slice(0, SUFFIX_HEX)}`;
}

/**
 * The Azure names to try for a Keywarden key, in order: the key name with `_` (the one character
 * Keywarden allows and Azure does not) mapped to `-`, then the same with a deterministic suffix
 * derived from the installation and key name. A name longer than Azure's 127 is cut and always
 * suffixed, so two long names sharing a prefix do not meet on the same Azure key.
 */
export function candidateNames(installationId: string, keyName: string, count: number): string[] {
  const mapped = keyName.replace(/[^0-9a-zA-Z-]/g, '-');
  const names: string[] = [];
  if (mapped.length <= AZURE_NAME_MAX) names.push(mapped);
  for (let attempt = 0; names.length < count; attempt++) {
    const suffix = suffixFor(installationId, keyName, attempt);
    names.push(`${mapped.slice(0, AZURE_NAME_MAX - suffix.length)}${suffix}`);
  }
  return names;
}

export function isAzureKeyName(name: string): boolean {
  return AZURE_NAME.test(name);
}

/** One key-exchange key per installation and vault. */
export function kekName(installationId: string): string {
  const compact = installationId.replace(/[^0-9a-zA-Z]/g, '').toLowerCase();
  return `keywarden-kek-${(compact || digest(installationId)).slice(0, 12)}`;
}

export type Tags = Record<string, string>;

/** Who owns a cloud object: the installation and the provider's name (unique and immutable in it). */
export interface Owner {
  installationId: string;
  provider: string;
}

export function versionTags(owner: Owner, keyName: string, version: number): Tags {
  return { [TAG_INSTALLATION]: owner.installationId, [TAG_PROVIDER]: owner.provider, [TAG_KEY]: keyName, [TAG_VERSION]: String(version) };
}

export function kekTags(installationId: string): Tags {
  return { [TAG_INSTALLATION]: installationId, [TAG_ROLE]: 'key-exchange-key' };
}

/** A version is this key's when its tags name this installation, this provider and this Keywarden key. */
export function isOurVersion(tags: Tags | undefined, owner: Owner, keyName: string): boolean {
  return tags?.[TAG_INSTALLATION] === owner.installationId && tags[TAG_PROVIDER] === owner.provider && tags[TAG_KEY] === keyName;
}

export function taggedVersion(tags: Tags | undefined): number | null {
  const version = Number(tags?.[TAG_VERSION]);
  return Number.isInteger(version) && version > 0 ? version : null;
}
