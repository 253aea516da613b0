import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { AuditTable } from '@/components/audit-table';
import { CopyButton } from '@/components/copy-button';
import { DeleteKeyDialog } from '@/components/delete-key-dialog';
import { DistributionCard } from '@/components/distribution-card';
import { toWire } from '@/components/distribution-state';
import { KeyDetailsCard, VersionFingerprint } from '@/components/key-details';
import { KeySettingsForm } from '@/components/key-settings-form';
import { deniedReason } from '@/components/permission';
import { RotateButton } from '@/components/rotate-button';
import { Timestamp } from '@/components/timestamp';
import { Badge } from '@/components/ui/badge';
import { Breadcrumb } from '@/components/ui/breadcrumb';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { tableClasses } from '@/components/ui/classes';
import { Code } from '@/components/ui/code';
import { DescriptionItem, DescriptionList } from '@/components/ui/description-list';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Truncate } from '@/components/ui/truncate';
import { policyFor } from '@/lib/approvals/policies';
import { pendingRequestsForTarget } from '@/lib/approvals/requests-for-target';
import { listAuditEvents } from '@/lib/audit/query-events';
import { can } from '@/lib/auth/permissions';
import { listKeyDistributions } from '@/lib/distribution/read-distributions';
import { isDomainError } from '@/lib/errors';
import { canonicalKeyName, getKey } from '@/lib/keys/get-key';
import { isAsymmetric, KEY_TYPES } from '@/lib/keys/key-types';
import { keyDetailsProps, type KeyDetail } from '@/lib/keys/views';
import type { UseCaseContext } from '@/lib/auth/actor';
import { listProviders } from '@/lib/providers/read-providers';

type Props = { params: Promise<{ name: string }> };

/** Key names are plain ASCII; anything percent-encoded is invalid and ends as "not found". */
function keyNameOf(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  // The name from the URL, not the database: the title needs no query (and no session).
  return { title: keyNameOf((await params).name) };
}

async function loadKey(name: string, ctx: UseCaseContext): Promise<KeyDetail> {
  try {
    return await readOrForbidden(getKey({ name }, ctx));
  } catch (err) {
    if (isDomainError(err) && err.code === 'not_found') {
      // Names are unique regardless of case: /keys/ui-aes is the key UI-AES, at its own address.
      // Temporary (307): which key a spelling leads to can change when keys are deleted and created.
      const canonical = await canonicalKeyName({ name }, ctx);
      if (canonical) redirect(`/keys/${encodeURIComponent(canonical)}`);
      // /keys/new is where people look for the creation page; a key named "new" still wins.
      if (name.toLowerCase() === 'new') redirect('/new-key');
    }
    // An unknown key and a name that could never exist both read as "no such key".
    if (isDomainError(err) && (err.code === 'not_found' || err.code === 'invalid_input')) notFound();
    throw err;
  }
}

export default async function KeyPage({ params }: Props) {
  const ctx = await pageContext();
  const { actor } = ctx;
  const key = await loadKey(keyNameOf((await params).name), ctx);
  const target = `key:${key.name}`;
  const [pending, history, deletePolicy, removePolicy, distributions, providers] = await Promise.all([
    can(actor.roles, 'approval.read') ? pendingRequestsForTarget(target, ctx) : [],
    can(actor.roles, 'audit.read') ? listAuditEvents({ target, limit: 20 }, ctx) : null,
    policyFor('key.delete'),
    policyFor('key.remove_from_provider'),
    listKeyDistributions({ name: key.name }, ctx),
    can(actor.roles, 'provider.read') ? listProviders(ctx).then((r) => r.providers.map(({ name, kind }) => ({ name, kind }))) : [],
  ]);
  const asymmetric = isAsymmetric(key.type);
  const enabledCount = key.versions.filter((v) => v.enabled).length;
  const settingsDenied =
    deniedReason(actor.roles, 'key.set_deletion_allowed') ?? deniedReason(actor.roles, 'key.raise_min_enabled_version');

  return (
    <>
      <Breadcrumb parents={[{ href: '/keys', label: 'Keys' }]} current={<Truncate text={key.name} className="font-mono" />} />

      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="min-w-0 break-all font-mono">{key.name}</span>
            <Badge>{KEY_TYPES[key.type].label}</Badge>
          </span>
        }
        actions={<RotateButton name={key.name} deniedReason={deniedReason(actor.roles, 'key.rotate')} />}
      />

      {pending.length > 0 && (
        <Card warning aria-labelledby="pending-title">
          <CardHeader id="pending-title" title="Awaiting approval" actions={<Link href="/approvals">All requests</Link>} />
          <ul data-testid="pending-requests">
            {pending.map((r) => (
              <li key={r.id} className="flex flex-col gap-1 border-b border-border-muted px-4 py-2.5 last:border-b-0">
                <div className="flex flex-wrap items-baseline gap-x-2.5 gap-y-1">
                  <Link href={`/approvals/${r.number}`} className="font-semibold">
                    Request #{r.number}
                  </Link>
                  <Code>{r.operation}</Code>
                  <span className="text-fg-muted">
                    {r.approvals} of {r.requiredApprovals} approvals · by {r.requestedBy} · expires <Timestamp date={r.expiresAt} relative />
                  </span>
                </div>
                <p>{r.plan}</p>
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card aria-labelledby="details-title">
        <CardHeader id="details-title" title="Details" />
        <DescriptionList>
          <DescriptionItem term="Type">
            <Code>{key.type}</Code>
          </DescriptionItem>
          <DescriptionItem term="Latest version" data-testid="latest-version">
            {key.latestVersion}
          </DescriptionItem>
          <DescriptionItem term="Min enabled version" data-testid="min-enabled-version">
            {key.minEnabledVersion}
          </DescriptionItem>
          <DescriptionItem term="Deletion" data-testid="deletion-allowed">
            {key.deletionAllowed ? 'Allowed' : 'Not allowed'}
          </DescriptionItem>
          <DescriptionItem term="Created">
            <Timestamp date={key.createdAt} />
          </DescriptionItem>
          <DescriptionItem term="Updated">
            <Timestamp date={key.updatedAt} />
          </DescriptionItem>
        </DescriptionList>
      </Card>

      <KeyDetailsCard {...keyDetailsProps(key)} deniedReason={deniedReason(actor.roles, 'key.update_details')} />

      <Card aria-labelledby="versions-title">
        <CardHeader
          id="versions-title"
          title="Versions"
          actions={
            <span className="text-fg-muted">
              {key.versions.length} total · {enabledCount} enabled
            </span>
          }
        />
        <div className="overflow-x-auto">
          <table className={tableClasses} aria-labelledby="versions-title">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                {asymmetric && <th scope="col">Public key</th>}
              </tr>
            </thead>
            <tbody>
              {key.versions.map((v) => (
                <tr key={v.version} data-version={v.version}>
                  <td className="font-semibold">{v.version}</td>
                  <td>
                    <Timestamp date={v.createdAt} />
                  </td>
                  <td>
                    <Badge tone={v.enabled ? 'success' : 'muted'}>{v.enabled ? 'Enabled' : 'Disabled'}</Badge>
                  </td>
                  {asymmetric && (
                    <td className="w-3/5">
                      {v.publicKeyPem ? (
                        <div className="flex items-start gap-2 [&>button]:min-w-16">
                          <pre
                            className="max-h-[8.4em] min-w-0 flex-1 overflow-auto whitespace-pre-wrap break-all rounded border border-border-muted bg-surface-muted px-2 py-1.5 font-mono text-[11px] leading-[1.4]"
                            aria-label={`Public key of version ${v.version}`}
                          >
                            {v.publicKeyPem.trim()}
                          </pre>
                          <CopyButton text={v.publicKeyPem} label={`Copy public key of version ${v.version}`} />
                        </div>
                      ) : (
                        <span className="text-fg-muted">—</span>
                      )}
                      <VersionFingerprint keyName={key.name} version={v.version} fingerprint={v.fingerprint} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      <Card aria-labelledby="distribution-title">
        <CardHeader id="distribution-title" title="Distribution" actions={<Link href="/providers">Providers</Link>} />
        <DistributionCard
          keyName={key.name}
          keyType={key.type}
          latestVersion={key.latestVersion}
          minEnabledVersion={key.minEnabledVersion}
          initial={toWire(distributions)}
          providers={providers}
          removeApprovals={removePolicy.requiredApprovals}
          denied={{
            distribute: deniedReason(actor.roles, 'key.distribute'),
            remove: deniedReason(actor.roles, 'key.remove_from_provider'),
            retry: deniedReason(actor.roles, 'distribution.retry'),
          }}
        />
      </Card>

      <Card aria-labelledby="settings-title">
        <CardHeader id="settings-title" title="Settings" />
        <CardBody>
          <KeySettingsForm
            name={key.name}
            latestVersion={key.latestVersion}
            minEnabledVersion={key.minEnabledVersion}
            deletionAllowed={key.deletionAllowed}
            deniedReason={settingsDenied}
          />
        </CardBody>
      </Card>

      <Card danger aria-labelledby="danger-title">
        <CardHeader id="danger-title" title="Danger zone" className="[&_h2]:text-danger" />
        <CardBody className="flex flex-wrap items-center justify-between gap-4">
          <div>
            <p className="font-semibold">Delete this key</p>
            <p className="text-fg-muted">
              Destroys every version&apos;s material. Only possible while deletion is allowed in the settings above.
              {deletePolicy.requiredApprovals > 0 &&
                ` Needs ${deletePolicy.requiredApprovals} approval${deletePolicy.requiredApprovals === 1 ? '' : 's'} before it happens.`}
            </p>
          </div>
          <DeleteKeyDialog
            name={key.name}
            deletionAllowed={key.deletionAllowed}
            requiredApprovals={deletePolicy.requiredApprovals}
            deniedReason={deniedReason(actor.roles, 'key.delete')}
          />
        </CardBody>
      </Card>

      {history && (
        <Card aria-labelledby="history-title">
          <CardHeader
            id="history-title"
            title="History"
            actions={
              <Link href={`/audit?target=${encodeURIComponent(target)}`}>
                {history.nextBefore ? 'Full history in the audit log' : 'Open in the audit log'}
              </Link>
            }
          />
          {history.items.length === 0 ? (
            <EmptyState title="No audit events for this key yet" />
          ) : (
            <AuditTable events={history.items} compact label="History" />
          )}
        </Card>
      )}
    </>
  );
}
