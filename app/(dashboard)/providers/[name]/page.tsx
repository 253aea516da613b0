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
import { Card, CardHeader } from '@/components/ui/card';
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
      <nav aria-label="Breadcrumb" className="-mb-2 flex items-center gap-1.5 text-[13px] text-fg-muted [&_[aria-current=page]]:text-fg">
        <Link href="/providers">Providers</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page" className="font-mono">
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

      <Card aria-labelledby="details-title">
        <CardHeader id="details-title" title="Details" />
        <dl className="grid grid-cols-[repeat(auto-fill,minmax(170px,1fr))] [&>div]:border-b [&>div]:border-border-muted [&>div]:px-4 [&>div]:py-2.5 [&_dt]:mb-0.5 [&_dt]:text-xs [&_dt]:text-fg-muted [&_dd]:font-medium [&_dd]:tabular-nums">
          <div>
            <dt>Kind</dt>
            <dd>
              <code className="whitespace-nowrap rounded bg-surface-hover px-1.5 py-px text-xs text-fg">{provider.kind}</code>
            </dd>
          </div>
          <div>
            <dt>{provider.kind === 'awskms' ? 'Region' : 'Vault'}</dt>
            <dd className="font-mono" data-testid="key-collection">
              {provider.keyCollection}
            </dd>
          </div>
          <div>
            <dt>Endpoint</dt>
            <dd className="font-mono [overflow-wrap:anywhere]" data-testid="endpoint">
              {provider.endpoint ?? 'default'}
            </dd>
          </div>
          {provider.kind === 'awskms' && (
            <div>
              <dt>STS endpoint</dt>
              <dd className="font-mono [overflow-wrap:anywhere]" data-testid="sts-endpoint">
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
        <div className="p-4 border-t border-border-muted">
          <TestConnectionButton name={provider.name} deniedReason={deniedReason(actor.roles, 'provider.test')} />
        </div>
      </Card>

      <Card aria-labelledby="held-title">
        <CardHeader id="held-title" title="Keys held" actions={<span className="text-xs text-fg-muted">
            {holding} {holding === 1 ? 'key' : 'keys'}
          </span>} />
        <ProviderKeys provider={provider.name} initial={toWire(held)} />
      </Card>

      <Card aria-labelledby="settings-title">
        <CardHeader id="settings-title" title="Settings" />
        <div className="p-4">
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
      </Card>

      <Card danger aria-labelledby="danger-title">
        <CardHeader id="danger-title" title="Danger zone" className="[&_h2]:text-danger" />
        <div className="p-4 flex items-center justify-between gap-4">
          <div>
            <p className="font-semibold">Delete this provider</p>
            <p className="text-fg-muted">Only possible while it holds no keys: remove them from it first.</p>
          </div>
          <DeleteProviderDialog
            name={provider.name}
            blockedReason={holding > 0 ? `It still holds ${holding} ${holding === 1 ? 'key' : 'keys'}: remove ${holding === 1 ? 'it' : 'them'} first.` : undefined}
            deniedReason={deniedReason(actor.roles, 'provider.delete')}
          />
        </div>
      </Card>
    </>
  );
}
