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

      <section className="card" aria-labelledby="installation-title">
        <h2 id="installation-title" className="card-title">
          Installation id
        </h2>
        <div className="card-body stack-sm">
          <div className="installation-id">
            <code data-testid="installation-id">{installationId}</code>
            <CopyButton text={installationId} label="Copy the installation id" />
          </div>
          <p className="muted">
            Written into every tag Keywarden puts on a cloud key, so installations sharing one cloud account never touch each other&apos;s keys.
          </p>
        </div>
      </section>

      <section className="card" aria-labelledby="providers-title">
        <div className="card-title-row">
          <h2 id="providers-title" className="card-title">
            Providers
          </h2>
          <span className="card-meta">
            {providers.length} {providers.length === 1 ? 'provider' : 'providers'}
          </span>
        </div>
        {providers.length === 0 ? (
          <div className="empty">
            <p className="empty-title">No providers yet</p>
            <p>{canCreate ? 'Add one below: an AWS KMS region or an Azure Key Vault.' : 'An admin adds providers.'}</p>
          </div>
        ) : (
          <div className="table-scroll">
            <table className="table table-hover" aria-labelledby="providers-title">
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
                        <Link href={`/providers/${p.name}`} className="mono strong">
                          {p.name}
                        </Link>
                      </td>
                      <td>{PROVIDER_KIND_LABELS[p.kind]}</td>
                      <td className="mono">{p.keyCollection}</td>
                      <td className="mono cell-wrap">{p.endpoint ?? <span className="muted">default</span>}</td>
                      <td>{credentialLabel(p.kind, p.credentials)}</td>
                      <td>
                        {states.length === 0 ? (
                          <span className="muted">none</span>
                        ) : (
                          <span className="badge-list">
                            {states.map(([state, count]) => (
                              <span key={state} className="badge-count">
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
      </section>

      {canCreate && (
        <section className="card" aria-labelledby="new-provider-title">
          <h2 id="new-provider-title" className="card-title">
            New provider
          </h2>
          <div className="card-body">
            <CreateProviderForm />
          </div>
        </section>
      )}
    </>
  );
}
