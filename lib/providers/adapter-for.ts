import 'server-only';
import { getDb, type Tx } from '@/lib/db/client';
import { createAwsAdapter } from './aws/aws-adapter';
import { createAzureAdapter } from './azure/azure-adapter';
import type { ProviderKind } from './capabilities';
import type { ProviderAdapter, ProviderSettings } from './contract';
import { openCredentials } from './credentials';
import { installationId } from './installation';
import { providerNotFound } from './lock-provider';

export interface StoredProvider {
  id: string;
  name: string;
  kind: string;
  keyCollection: string;
  endpoint: string | null;
  stsEndpoint?: string | null;
  caBundle: string | null;
  sealedCredentials: Uint8Array | null;
}

/** A provider's settings with its credentials unsealed: for adapters only, never for a view. */
export async function settingsOf(provider: StoredProvider, db: Tx = getDb()): Promise<ProviderSettings> {
  return {
    kind: provider.kind as ProviderKind,
    name: provider.name,
    keyCollection: provider.keyCollection,
    endpoint: provider.endpoint,
    stsEndpoint: provider.stsEndpoint ?? null,
    caBundle: provider.caBundle,
    credentials: provider.sealedCredentials ? openCredentials(provider.id, provider.sealedCredentials) : null,
    installationId: await installationId(db),
  };
}

type AdapterFactory = (settings: ProviderSettings) => ProviderAdapter;

const FACTORIES: Partial<Record<ProviderKind, AdapterFactory>> = {
  awskms: (settings) => createAwsAdapter(settings),
  azurekeyvault: (settings) => createAzureAdapter(settings),
};

/** Tests swap a kind's factory (e.g. to lower SDK retries); production never does. */
export function useAdapterFactory(kind: ProviderKind, factory: AdapterFactory) {
  FACTORIES[kind] = factory;
}

export function adapterFor(settings: ProviderSettings): ProviderAdapter {
  const factory = FACTORIES[settings.kind];
  if (!factory) throw new Error(`No adapter for provider kind ${settings.kind}.`);
  return factory(settings);
}

export async function adapterForProvider(name: string, db: Tx = getDb()): Promise<{ provider: StoredProvider; adapter: ProviderAdapter }> {
  const provider = await db.provider.findUnique({ where: { name } });
  if (!provider) throw providerNotFound(name);
  return { provider, adapter: adapterFor(await settingsOf(provider, db)) };
}
