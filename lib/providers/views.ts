import type { ProviderKind } from './capabilities';

/** What reads return about a provider: which credential form is set, never a value. */
export interface ProviderView {
  id: string;
  name: string;
  kind: ProviderKind;
  keyCollection: string;
  endpoint: string | null;
  /** AWS: the STS endpoint override; null: the SDK's (AWS_ENDPOINT_URL_STS, else sts.<region>.amazonaws.com). */
  stsEndpoint: string | null;
  caBundle: boolean;
  /**
   * Which form is set, never a value: role ARNs, profiles, token paths and external ids live only
   * in the sealed blob with the secrets, so a read opens nothing. null: the SDK's default chain
   * (AWS: environment, shared file, web identity, container and instance role; Azure: DefaultAzureCredential).
   */
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
  stsEndpoint: string | null;
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
    stsEndpoint: row.stsEndpoint,
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
  stsEndpoint: true,
  caBundle: true,
  credentialForm: true,
  createdAt: true,
  updatedAt: true,
} as const;
