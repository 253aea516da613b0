import type { KeyType } from './key-types';

/** What reads return about a key. Material never appears in any view. */
export interface KeySummary {
  id: string;
  name: string;
  type: KeyType;
  latestVersion: number;
  minEnabledVersion: number;
  deletionAllowed: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface KeyVersionView {
  version: number;
  createdAt: Date;
  enabled: boolean;
  publicKeyPem: string | null;
}

export interface KeyDetail extends KeySummary {
  versions: KeyVersionView[];
}

export function toKeySummary(row: Omit<KeySummary, 'type'> & { type: string }): KeySummary {
  const { id, name, type, latestVersion, minEnabledVersion, deletionAllowed, createdAt, updatedAt } = row;
  return { id, name, type: type as KeyType, latestVersion, minEnabledVersion, deletionAllowed, createdAt, updatedAt };
}

/** Vault's rule: min_enabled_version 0 enables every version; N disables versions below N. */
export function isVersionEnabled(version: number, minEnabledVersion: number) {
  return version >= minEnabledVersion;
}
