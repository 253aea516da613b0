import { DAY_MS } from '../shared/clock';

export type KeyType = 'RSA' | 'RSA-HSM' | 'EC' | 'EC-HSM';

export interface VersionAttributes {
  enabled: boolean;
  /** Epoch seconds. */
  nbf?: number;
  exp?: number;
  created: number;
  updated: number;
}

export interface KeyVersion {
  /** 32 lowercase hex digits. */
  version: string;
  kty: KeyType;
  keyOps: string[];
  /** PKCS#8 DER, base64. Never leaves the emulator except in its data file. */
  privateKey: string;
  attributes: VersionAttributes;
  tags?: Record<string, string>;
}

export interface KeyRecord {
  /** The name as first written; lookups ignore case, as Azure does. */
  name: string;
  /** In creation order; the last one is the current version. */
  versions: KeyVersion[];
  deleted?: { deletedDate: number; scheduledPurgeDate: number };
}

export type RecoveryLevel = 'Purgeable' | 'Recoverable+Purgeable' | 'Recoverable';

export interface VaultSettings {
  recoveryLevel: RecoveryLevel;
  retentionDays: number;
}

export interface StateData {
  version: 1;
  vaults: Record<string, KeyRecord[]>;
}

export const latestVersion = (key: KeyRecord): KeyVersion => key.versions[key.versions.length - 1]!;

/** Keys per vault, live and soft-deleted, addressed by lower-cased name. */
export class Store {
  private vaults = new Map<string, Map<string, KeyRecord>>();

  constructor(vaultNames: string[]) {
    for (const name of vaultNames) this.vaults.set(name, new Map());
  }

  private keysOf(vault: string): Map<string, KeyRecord> {
    const keys = this.vaults.get(vault);
    if (!keys) throw new Error(`unknown vault ${vault}`);
    return keys;
  }

  /** The record under this name, live or deleted. */
  record(vault: string, name: string): KeyRecord | undefined {
    return this.keysOf(vault).get(name.toLowerCase());
  }

  put(vault: string, key: KeyRecord): void {
    this.keysOf(vault).set(key.name.toLowerCase(), key);
  }

  remove(vault: string, name: string): void {
    this.keysOf(vault).delete(name.toLowerCase());
  }

  /** Sorted by name, ignoring case. */
  records(vault: string): KeyRecord[] {
    return [...this.keysOf(vault).values()].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  }

  /** Deleted keys whose scheduled purge date has passed are gone for good. */
  sweep(nowSeconds: number): boolean {
    let changed = false;
    for (const keys of this.vaults.values()) {
      for (const [slot, key] of keys) {
        if (key.deleted && nowSeconds >= key.deleted.scheduledPurgeDate) {
          keys.delete(slot);
          changed = true;
        }
      }
    }
    return changed;
  }

  clear(): void {
    for (const keys of this.vaults.values()) keys.clear();
  }

  snapshot(): StateData {
    const vaults: Record<string, KeyRecord[]> = {};
    for (const [name, keys] of this.vaults) vaults[name] = [...keys.values()];
    return { version: 1, vaults };
  }

  /** Vaults in the file that are not configured now are ignored. */
  load(data: StateData): void {
    this.clear();
    for (const [vault, keys] of Object.entries(data.vaults)) {
      if (this.vaults.has(vault)) keys.forEach((k) => this.put(vault, k));
    }
  }
}

export const retentionSeconds = (settings: VaultSettings) => (settings.retentionDays * DAY_MS) / 1000;
