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
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Truncate } from '@/components/ui/truncate';
import { policyFor } from '@/lib/approvals/policies';
import { pendingRequestsForTarget } from '@/lib/approvals/requests-for-target';
import { listAuditEvents } from '@/lib/audit/query-events';
import { can } from '@/lib/auth/permissions';
import { listKeyDistributions } from '@/lib/distribution/read-distributions';
import { isDomainError } from '@/lib/errors';
import { getKey } from '@/lib/keys/get-key';
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
    // An unknown key and a name that could never exist both read as "no such key".
    // /keys/new is where people look for the creation page; a key named "new" still wins.
    if (isDomainError(err) && err.code === 'not_found' && name === 'new') redirect('/new-key');
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
      <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-2 text-fg-muted">
        <Link href="/keys">Keys</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page" className="min-w-0">
          <Truncate text={key.name} className="font-mono" />
        </span>
      </nav>

      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="min-w-0 break-all font-mono">{key.name}</span>
            <Badge className="font-sans text-xs">{KEY_TYPES[key.type].label}</Badge>
          </span>
        }
        actions={<RotateButton name={key.name} deniedReason={deniedReason(actor.roles, 'key.rotate')} />}
      />

      {pending.length > 0 && (
        <Card className="card-pending" aria-labelledby="pending-title">
          <CardHeader id="pending-title" title="Awaiting approval" actions={<Link href="/approvals">All requests</Link>} />
          <ul className="request-list" data-testid="pending-requests">
            {pending.map((r) => (
              <li key={r.id}>
                <div className="request-line">
                  <Link href={`/approvals/${r.id}`} className="strong">
                    Request #{r.number}
                  </Link>
                  <code className="type-code">{r.operation}</code>
                  <span className="muted">
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
        <dl className="details">
          <div>
            <dt>Type</dt>
            <dd>
              <code className="type-code">{key.type}</code>
            </dd>
          </div>
          <div>
            <dt>Latest version</dt>
            <dd data-testid="latest-version">{key.latestVersion}</dd>
          </div>
          <div>
            <dt>Min enabled version</dt>
            <dd data-testid="min-enabled-version">{key.minEnabledVersion}</dd>
          </div>
          <div>
            <dt>Deletion</dt>
            <dd data-testid="deletion-allowed">{key.deletionAllowed ? 'Allowed' : 'Not allowed'}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <Timestamp date={key.createdAt} />
            </dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>
              <Timestamp date={key.updatedAt} />
            </dd>
          </div>
        </dl>
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
          <table className="table" aria-labelledby="versions-title">
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
                  <td className="strong">{v.version}</td>
                  <td>
                    <Timestamp date={v.createdAt} />
                  </td>
                  <td>
                    <span className={`badge ${v.enabled ? 'badge-success' : 'badge-muted'}`}>{v.enabled ? 'Enabled' : 'Disabled'}</span>
                  </td>
                  {asymmetric && (
                    <td className="cell-pem">
                      {v.publicKeyPem ? (
                        <div className="pem">
                          <pre className="whitespace-pre-wrap break-all" aria-label={`Public key of version ${v.version}`}>{v.publicKeyPem.trim()}</pre>
                          <CopyButton text={v.publicKeyPem} label={`Copy public key of version ${v.version}`} />
                        </div>
                      ) : (
                        <span className="muted">—</span>
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
            <p className="strong">Delete this key</p>
            <p className="muted">
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
            <div className="empty">
              <p>No audit events for this key yet.</p>
            </div>
          ) : (
            <AuditTable events={history.items} compact label="History" />
          )}
        </Card>
      )}
    </>
  );
}
