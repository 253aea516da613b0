import type { KeyType } from './key-types';

/** What reads return about a key. Material never appears in any view. */
export interface KeySummary {
  id: string;
  name: string;
  type: KeyType;
  latestVersion: number;
  minEnabledVersion: number;
  deletionAllowed: boolean;
  description: string;
  owner: string;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface KeyVersionView {
  version: number;
  createdAt: Date;
  enabled: boolean;
  publicKeyPem: string | null;
  /** SHA-256 of the public key's DER SPKI, lower-case hex pairs joined by ":" (`openssl dgst -sha256 -c`); null for AES. */
  fingerprint: string | null;
}

export interface KeyDetail extends KeySummary {
  versions: KeyVersionView[];
  /** When the latest version was generated: the key's age since its last rotation. */
  latestVersionCreatedAt: Date;
}

export function toKeySummary(row: Omit<KeySummary, 'type'> & { type: string }): KeySummary {
  const { id, name, type, latestVersion, minEnabledVersion, deletionAllowed, description, owner, tags, createdAt, updatedAt } = row;
  return { id, name, type: type as KeyType, latestVersion, minEnabledVersion, deletionAllowed, description, owner, tags, createdAt, updatedAt };
}

/** Vault's rule: min_enabled_version 0 enables every version; N disables versions below N. */
export function isVersionEnabled(version: number, minEnabledVersion: number) {
  return version >= minEnabledVersion;
}

/** How long ago `from` was, in the largest whole unit: "just now", "5 minutes", "3 days". */
export function ageOf(from: Date, now: Date = new Date()): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 1000));
  const units: [number, string][] = [[365 * 86_400, 'year'], [30 * 86_400, 'month'], [86_400, 'day'], [3_600, 'hour'], [60, 'minute']];
  for (const [size, unit] of units) {
    const n = Math.floor(seconds / size);
    if (n >= 1) return `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;
  }
  return 'just now';
}

/** What the key page's details card shows and edits (components/key-details.tsx). */
export function keyDetailsProps(key: KeyDetail, now: Date = new Date()) {
  const { id, name, type, description, owner, tags, latestVersion, latestVersionCreatedAt } = key;
  return { keyId: id, name, type, description, owner, tags, latestVersion, latestVersionAge: ageOf(latestVersionCreatedAt, now) };
}
