import { DAY_MS } from '../shared/clock';
import type { KeyUsage } from './key-specs';

export type KeyState = 'Enabled' | 'Disabled' | 'PendingImport' | 'PendingDeletion';
export type ExpirationModel = 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE';

export interface Tag {
  TagKey: string;
  TagValue: string;
}

export interface KeyMaterial {
  /** base64: raw bytes for symmetric and HMAC keys, PKCS#8 DER for RSA and ECC keys. */
  bytes: string;
  id: string;
  expirationModel?: ExpirationModel;
  validTo?: number;
}

export interface KeyRecord {
  id: string;
  region: string;
  seq: number;
  createdAt: number;
  description: string;
  spec: string;
  usage: KeyUsage;
  origin: 'AWS_KMS' | 'EXTERNAL';
  multiRegion: boolean;
  /** The operator's intent (EnableKey/DisableKey); the key state is derived from it. */
  enabled: boolean;
  deletion?: { at: number; windowDays: number };
  material?: KeyMaterial;
  /** Id of the first material imported: an EXTERNAL key only ever accepts that material again. */
  importedMaterialId?: string;
  /** Per-key secret mixed into material ids so that they reveal nothing about the material. */
  salt: string;
  tags: Tag[];
  policy?: string;
}

export interface AliasRecord {
  name: string;
  region: string;
  targetKeyId: string;
  createdAt: number;
  updatedAt: number;
}

export interface ImportTokenRecord {
  token: string;
  region: string;
  keyId: string;
  algorithm: string;
  wrappingSpec: string;
  /** PKCS#8 DER, base64. */
  privateKey: string;
  expiresAt: number;
}

export interface StateData {
  version: 1;
  seq: number;
  keys: KeyRecord[];
  aliases: AliasRecord[];
  importTokens: ImportTokenRecord[];
}

/** Expired import tokens are kept a while so that they fail as expired rather than unknown. */
const EXPIRED_TOKEN_RETENTION_MS = 7 * DAY_MS;

export function keyState(key: KeyRecord): KeyState {
  if (key.deletion) return 'PendingDeletion';
  if (!key.material) return 'PendingImport';
  return key.enabled ? 'Enabled' : 'Disabled';
}

const at = (region: string, name: string) => `${region}/${name}`;

export class Store {
  private keys = new Map<string, KeyRecord>();
  private aliases = new Map<string, AliasRecord>();
  private tokens = new Map<string, ImportTokenRecord>();
  private seq = 0;

  nextSeq(): number {
    return ++this.seq;
  }

  key(region: string, id: string): KeyRecord | undefined {
    return this.keys.get(at(region, id));
  }

  putKey(key: KeyRecord): void {
    this.keys.set(at(key.region, key.id), key);
  }

  keysIn(region: string): KeyRecord[] {
    return [...this.keys.values()].filter((k) => k.region === region).sort((a, b) => a.seq - b.seq);
  }

  alias(region: string, name: string): AliasRecord | undefined {
    return this.aliases.get(at(region, name));
  }

  putAlias(alias: AliasRecord): void {
    this.aliases.set(at(alias.region, alias.name), alias);
  }

  deleteAlias(region: string, name: string): void {
    this.aliases.delete(at(region, name));
  }

  aliasesIn(region: string): AliasRecord[] {
    return [...this.aliases.values()]
      .filter((a) => a.region === region)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  token(token: string): ImportTokenRecord | undefined {
    return this.tokens.get(token);
  }

  putToken(record: ImportTokenRecord): void {
    this.tokens.set(record.token, record);
  }

  /** Ends deletion windows (the key goes with its aliases) and expires imported material. */
  sweep(now: number): boolean {
    let changed = false;
    for (const [slot, key] of this.keys) {
      if (key.deletion && now >= key.deletion.at) {
        this.keys.delete(slot);
        for (const [aliasSlot, alias] of this.aliases) {
          if (alias.region === key.region && alias.targetKeyId === key.id) this.aliases.delete(aliasSlot);
        }
        for (const [token, record] of this.tokens) {
          if (record.region === key.region && record.keyId === key.id) this.tokens.delete(token);
        }
        changed = true;
      } else if (key.material?.validTo !== undefined && now >= key.material.validTo) {
        delete key.material;
        changed = true;
      }
    }
    for (const [token, record] of this.tokens) {
      if (now >= record.expiresAt + EXPIRED_TOKEN_RETENTION_MS) {
        this.tokens.delete(token);
        changed = true;
      }
    }
    return changed;
  }

  clear(): void {
    this.keys.clear();
    this.aliases.clear();
    this.tokens.clear();
    this.seq = 0;
  }

  snapshot(): StateData {
    return {
      version: 1,
      seq: this.seq,
      keys: [...this.keys.values()],
      aliases: [...this.aliases.values()],
      importTokens: [...this.tokens.values()],
    };
  }

  load(data: StateData): void {
    this.clear();
    this.seq = data.seq;
    data.keys.forEach((k) => this.putKey(k));
    data.aliases.forEach((a) => this.putAlias(a));
    data.importTokens.forEach((t) => this.putToken(t));
  }
}
