import type { Metadata } from 'next';
import Link from 'next/link';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { CopyButton } from '@/components/copy-button';
import { CreateProviderForm } from '@/components/create-provider-form';
import { credentialLabel } from '@/components/credential-forms';
import { SyncBadge } from '@/components/distribution-state';
import { can } from '@/lib/auth/permissions';
import { PROVIDER_KIND_LABELS } from '@/lib/providers/capabilities';
import { listProviders } from '@/lib/providers/read-providers';
import { Card, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { tableClasses } from '@/components/ui/classes';
import { cn } from '@/components/ui/cn';

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
        <div className="p-4 flex flex-col gap-2">
          <div className="flex items-center gap-2.5 [&_code]:select-all [&_code]:rounded-md [&_code]:border [&_code]:border-border-muted [&_code]:bg-surface-muted [&_code]:px-2.5 [&_code]:py-1 [&_code]:font-mono [&_code]:text-[15px] [&_code]:font-semibold">
            <code data-testid="installation-id">{installationId}</code>
            <CopyButton text={installationId} label="Copy the installation id" />
          </div>
          <p className="text-fg-muted">
            Written into every tag Keywarden puts on a cloud key, so installations sharing one cloud account never touch each other&apos;s keys.
          </p>
        </div>
      </Card>

      <Card aria-labelledby="providers-title">
        <CardHeader id="providers-title" title="Providers" actions={<span className="text-xs text-fg-muted">
            {providers.length} {providers.length === 1 ? 'provider' : 'providers'}
          </span>} />
        {providers.length === 0 ? (
          <div className="flex flex-col items-center gap-2 px-6 py-10 text-center text-fg-muted">
            <p className="text-base font-semibold text-fg">No providers yet</p>
            <p>{canCreate ? 'Add one below: an AWS KMS region or an Azure Key Vault.' : 'An admin adds providers.'}</p>
          </div>
        ) : (
          <div className="relative overflow-x-auto">
            <table className={cn(tableClasses, '[&_tbody_tr:hover]:bg-surface-muted')} aria-labelledby="providers-title">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Key collection</th>
                  <th scope="col">Endpoint</th>
                  <th scope="col">Credentials</th>
                  <th scope="col">Keys held</th>
                </tr>
              </thead>
              <tbody>
                {providers.map((p) => {
                  const states = Object.entries(p.keys);
                  return (
                    <tr key={p.id} data-provider={p.name}>
                      <td>
                        <Link href={`/providers/${p.name}`} className="font-mono font-semibold">
                          {p.name}
                        </Link>
                      </td>
                      <td>{PROVIDER_KIND_LABELS[p.kind]}</td>
                      <td className="font-mono">{p.keyCollection}</td>
                      <td className="font-mono [overflow-wrap:anywhere]">{p.endpoint ?? <span className="text-fg-muted">default</span>}</td>
                      <td>{credentialLabel(p.kind, p.credentials)}</td>
                      <td>
                        {states.length === 0 ? (
                          <span className="text-fg-muted">none</span>
                        ) : (
                          <span className="inline-flex flex-wrap gap-1.5">
                            {states.map(([state, count]) => (
                              <span key={state} className="inline-flex items-center gap-1 text-[13px]">
                                {count} <SyncBadge state={state} />
                              </span>
                            ))}
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {canCreate && (
        <Card aria-labelledby="new-provider-title">
          <CardHeader id="new-provider-title" title="New provider" />
          <div className="p-4">
            <CreateProviderForm />
          </div>
        </Card>
      )}
    </>
  );
}
