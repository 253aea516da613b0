import type { Metadata } from 'next';
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
import { Breadcrumb } from '@/components/ui/breadcrumb';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Code } from '@/components/ui/code';
import { DescriptionItem, DescriptionList } from '@/components/ui/description-list';
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
      <Breadcrumb parents={[{ href: '/providers', label: 'Providers' }]} current={<span className="break-all font-mono">{provider.name}</span>} />

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
        <DescriptionList>
          <DescriptionItem term="Kind">
            <Code>{provider.kind}</Code>
          </DescriptionItem>
          <DescriptionItem term={provider.kind === 'awskms' ? 'Region' : 'Vault'} className="font-mono [overflow-wrap:anywhere]" data-testid="key-collection">
            {provider.keyCollection}
          </DescriptionItem>
          <DescriptionItem term="Endpoint" className="font-mono [overflow-wrap:anywhere]" data-testid="endpoint">
            {provider.endpoint ?? 'default'}
          </DescriptionItem>
          {provider.kind === 'awskms' && (
            <DescriptionItem term="STS endpoint" className="font-mono [overflow-wrap:anywhere]" data-testid="sts-endpoint">
              {provider.stsEndpoint ?? 'default'}
            </DescriptionItem>
          )}
          <DescriptionItem term="Credentials" data-testid="credentials">
            {provider.credentials ? `${credentialLabel(provider.kind, provider.credentials)} (set)` : 'default chain'}
          </DescriptionItem>
          <DescriptionItem term="CA bundle">{provider.caBundle ? 'Set' : 'None'}</DescriptionItem>
          <DescriptionItem term="Created">
            <Timestamp date={provider.createdAt} />
          </DescriptionItem>
          <DescriptionItem term="Updated">
            <Timestamp date={provider.updatedAt} />
          </DescriptionItem>
        </DescriptionList>
        <CardBody>
          <TestConnectionButton name={provider.name} deniedReason={deniedReason(actor.roles, 'provider.test')} />
        </CardBody>
      </Card>

      <Card aria-labelledby="held-title">
        <CardHeader
          id="held-title"
          title="Keys held"
          actions={
            <span className="text-xs text-fg-muted">
              {holding} {holding === 1 ? 'key' : 'keys'}
            </span>
          }
        />
        <ProviderKeys provider={provider.name} initial={toWire(held)} />
      </Card>

      <Card aria-labelledby="settings-title">
        <CardHeader id="settings-title" title="Settings" />
        <CardBody>
          <ProviderSettingsForm
            name={provider.name}
            kind={provider.kind}
            endpoint={provider.endpoint}
            stsEndpoint={provider.stsEndpoint}
            caBundle={provider.caBundle}
            credentials={provider.credentials}
            deniedReason={deniedReason(actor.roles, 'provider.update')}
          />
        </CardBody>
      </Card>

      <Card danger aria-labelledby="danger-title">
        <CardHeader id="danger-title" title="Danger zone" className="[&_h2]:text-danger" />
        <CardBody className="flex flex-wrap items-center justify-between gap-4">
          <div className="min-w-0">
            <p className="font-semibold">Delete this provider</p>
            <p className="text-fg-muted">Only possible while it holds no keys: remove them from it first.</p>
          </div>
          <DeleteProviderDialog
            name={provider.name}
            blockedReason={holding > 0 ? `It still holds ${holding} ${holding === 1 ? 'key' : 'keys'}: remove ${holding === 1 ? 'it' : 'them'} first.` : undefined}
            deniedReason={deniedReason(actor.roles, 'provider.delete')}
          />
        </CardBody>
      </Card>
    </>
  );
}
