import type { Metadata } from 'next';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { CopyButton } from '@/components/copy-button';
import { CreateProviderForm } from '@/components/create-provider-form';
import { credentialLabel } from '@/components/credential-forms';
import { ProvidersTable } from '@/components/providers-table';
import { can } from '@/lib/auth/permissions';
import { listProviders } from '@/lib/providers/read-providers';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Providers' };

export default async function ProvidersPage() {
  const ctx = await pageContext();
  const { actor } = ctx;
  const { installationId, providers } = await readOrForbidden(listProviders(ctx));
  const canCreate = can(actor.roles, 'provider.create');

  return (
    <>
      <PageHeader title="Providers" description={<>Cloud key management services that hold copies of Keywarden&apos;s keys, imported by each cloud&apos;s BYOK procedure.</>} />

      <Card aria-labelledby="installation-title">
        <CardHeader id="installation-title" title="Installation id" />
        <CardBody className="flex flex-col gap-2">
          <div className="flex min-w-0 items-center gap-2.5">
            <code data-testid="installation-id" className="min-w-0 select-all break-all rounded-md border border-border-muted bg-surface-muted px-2.5 py-1 font-mono text-[15px] font-semibold">
              {installationId}
            </code>
            <CopyButton text={installationId} label="Copy the installation id" />
          </div>
          <p className="text-fg-muted">
            Written into every tag Keywarden puts on a cloud key, so installations sharing one cloud account never touch each other&apos;s keys.
          </p>
        </CardBody>
      </Card>

      <Card aria-labelledby="providers-title">
        <CardHeader
          id="providers-title"
          title="Providers"
          actions={
            <span className="text-xs text-fg-muted">
              {providers.length} {providers.length === 1 ? 'provider' : 'providers'}
            </span>
          }
        />
        {providers.length === 0 ? (
          <EmptyState title="No providers yet">
            <p>{canCreate ? 'Add one below: an AWS KMS region or an Azure Key Vault.' : 'An admin adds providers.'}</p>
          </EmptyState>
        ) : (
          <ProvidersTable
            rows={providers.map((p) => ({
              id: p.id,
              name: p.name,
              kind: p.kind,
              keyCollection: p.keyCollection,
              endpoint: p.endpoint,
              credentials: credentialLabel(p.kind, p.credentials),
              keys: p.keys,
            }))}
          />
        )}
      </Card>

      {canCreate && (
        <Card aria-labelledby="new-provider-title">
          <CardHeader id="new-provider-title" title="New provider" />
          <CardBody>
            <CreateProviderForm />
          </CardBody>
        </Card>
      )}
    </>
  );
}
