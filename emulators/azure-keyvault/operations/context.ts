import type { KeyRecord, KeyVersion, Store, VaultSettings } from '../state';

/** What an operation sees: its vault, the request's parts and the emulator's time. */
export interface VaultContext {
  vault: string;
  settings: VaultSettings;
  store: Store;
  /** https://<host as the client wrote it>: kids and links are built on it. */
  origin: string;
  apiVersion: string;
  /** Epoch seconds on the emulator's clock. */
  now: number;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** Name and version as they appear in the request, for the log. */
  logKey?: string;
}

export interface Located {
  record: KeyRecord;
  version: KeyVersion;
}

export type Handler = (ctx: VaultContext, name: string, version: string) => Promise<object | undefined> | object | undefined;
