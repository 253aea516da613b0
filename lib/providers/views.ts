import type { ProviderKind } from './capabilities';

/** What reads return about a provider: which credential form is set, never a value. */
export interface ProviderView {
  id: string;
  name: string;
  kind: ProviderKind;
  keyCollection: string;
  endpoint: string | null;
  caBundle: boolean;
  /** null: the SDK's default chain (AWS: environment, shared file, web identity, instance role; Azure: DefaultAzureCredential). */
  credentials: { form: string; set: true } | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProviderRow {
  id: string;
  name: string;
  kind: string;
  keyCollection: string;
  endpoint: string | null;
  caBundle: string | null;
  credentialForm: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toProviderView(row: ProviderRow): ProviderView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ProviderKind,
    keyCollection: row.keyCollection,
    endpoint: row.endpoint,
    caBundle: row.caBundle !== null,
    credentials: row.credentialForm ? { form: row.credentialForm, set: true } : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The columns a view needs: never the sealed credentials. */
export const PROVIDER_VIEW_SELECT = {
  id: true,
  name: true,
  kind: true,
  keyCollection: true,
  endpoint: true,
  caBundle: true,
  credentialForm: true,
  createdAt: true,
  updatedAt: true,
} as const;
