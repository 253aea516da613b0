import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { credentialLabel } from '@/components/credential-forms';
import { DeleteProviderDialog } from '@/components/delete-provider-dialog';
import { toWire } from '@/components/distribution-state';
import { deniedReason } from '@/components/permission';
import { ProviderKeys } from '@/components/provider-keys';
import { ProviderSettingsForm } from '@/components/provider-settings-form';
import { TestConnectionButton } from '@/components/test-connection-button';
import { Timestamp } from '@/components/timestamp';
import { listProviderDistributions } from '@/lib/distribution/read-distributions';
import { isDomainError } from '@/lib/errors';
import { PROVIDER_KIND_LABELS } from '@/lib/providers/capabilities';
import { getProvider } from '@/lib/providers/read-providers';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';

type Props = { params: Promise<{ name: string }> };

function nameOf(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: nameOf((await params).name) };
}

export default async function ProviderPage({ params }: Props) {
  const ctx = await pageContext();
  const { actor } = ctx;
  const name = nameOf((await params).name);
  const [provider, held] = await readOrForbidden(getProvider({ name }, ctx))
    .then(async (found) => [found, await listProviderDistributions({ name }, ctx)] as const)
    .catch((err: unknown) => {
    // An unknown provider and a name that could never exist both read as "no such provider".
    if (isDomainError(err) && (err.code === 'not_found' || err.code === 'invalid_input')) notFound();
    throw err;
  });
  const holding = Object.values(provider.keys).reduce((a, b) => a + b, 0);

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/providers">Providers</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page" className="mono">
          {provider.name}
        </span>
      </nav>

      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="min-w-0 break-all font-mono">{provider.name}</span>
            <Badge className="font-sans text-xs">{PROVIDER_KIND_LABELS[provider.kind]}</Badge>
          </span>
        }
      />

      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title" className="card-title">
          Details
        </h2>
        <dl className="details">
          <div>
            <dt>Kind</dt>
            <dd>
              <code className="type-code">{provider.kind}</code>
            </dd>
          </div>
          <div>
            <dt>{provider.kind === 'awskms' ? 'Region' : 'Vault'}</dt>
            <dd className="mono" data-testid="key-collection">
              {provider.keyCollection}
            </dd>
          </div>
          <div>
            <dt>Endpoint</dt>
            <dd className="mono cell-wrap" data-testid="endpoint">
              {provider.endpoint ?? 'default'}
            </dd>
          </div>
          {provider.kind === 'awskms' && (
            <div>
              <dt>STS endpoint</dt>
              <dd className="mono cell-wrap" data-testid="sts-endpoint">
                {provider.stsEndpoint ?? 'default'}
              </dd>
            </div>
          )}
          <div>
            <dt>Credentials</dt>
            <dd data-testid="credentials">{provider.credentials ? `${credentialLabel(provider.kind, provider.credentials)} (set)` : 'default chain'}</dd>
          </div>
          <div>
            <dt>CA bundle</dt>
            <dd>{provider.caBundle ? 'Set' : 'None'}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <Timestamp date={provider.createdAt} />
            </dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>
              <Timestamp date={provider.updatedAt} />
            </dd>
          </div>
        </dl>
        <div className="card-body card-body-top">
          <TestConnectionButton name={provider.name} deniedReason={deniedReason(actor.roles, 'provider.test')} />
        </div>
      </section>

      <section className="card" aria-labelledby="held-title">
        <div className="card-title-row">
          <h2 id="held-title" className="card-title">
            Keys held
          </h2>
          <span className="card-meta">
            {holding} {holding === 1 ? 'key' : 'keys'}
          </span>
        </div>
        <ProviderKeys provider={provider.name} initial={toWire(held)} />
      </section>

      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title" className="card-title">
          Settings
        </h2>
        <div className="card-body">
          <ProviderSettingsForm
            name={provider.name}
            kind={provider.kind}
            endpoint={provider.endpoint}
            stsEndpoint={provider.stsEndpoint}
            caBundle={provider.caBundle}
            credentials={provider.credentials}
            deniedReason={deniedReason(actor.roles, 'provider.update')}
          />
        </div>
      </section>

      <section className="card card-danger" aria-labelledby="danger-title">
        <h2 id="danger-title" className="card-title">
          Danger zone
        </h2>
        <div className="card-body danger-row">
          <div>
            <p className="strong">Delete this provider</p>
            <p className="muted">Only possible while it holds no keys: remove them from it first.</p>
          </div>
          <DeleteProviderDialog
            name={provider.name}
            blockedReason={holding > 0 ? `It still holds ${holding} ${holding === 1 ? 'key' : 'keys'}: remove ${holding === 1 ? 'it' : 'them'} first.` : undefined}
            deniedReason={deniedReason(actor.roles, 'provider.delete')}
          />
        </div>
      </section>
    </>
  );
}
