import type { Metadata } from 'next';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { PolicyRow } from '@/components/policy-row';
import { listPolicies } from '@/lib/approvals/set-policy';
import { can } from '@/lib/auth/permissions';
import { Card, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { tableClasses } from '@/components/ui/classes';

export const metadata: Metadata = { title: 'Approval policies' };

export default async function PoliciesPage() {
  const ctx = await pageContext();
  const { actor } = ctx;
  const policies = await readOrForbidden(listPolicies(ctx));
  const editable = can(actor.roles, 'policy.set');

  return (
    <>
      <PageHeader
        title="Approval policies"
        description="How many approvals each operation needs before it runs, and how long a request waits for them. 0 approvals: the operation runs at once. The requester never approves their own request."
      />

      <Card aria-labelledby="policies-title">
        <CardHeader id="policies-title" title="Operations that can require approval" actions={!editable && <span className="text-xs text-fg-muted">Read-only: changing a policy needs the admin role.</span>} />
        <div className="relative overflow-x-auto">
          <table className={tableClasses} aria-labelledby="policies-title">
            <thead>
              <tr>
                <th scope="col">Operation</th>
                <th scope="col">Required approvals</th>
                <th scope="col">Requests expire after</th>
                <th scope="col">Default</th>
                {editable && (
                  <th scope="col">
                    <span className="sr-only">Save</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {policies.map((p) => (
                <PolicyRow
                  key={p.operation}
                  operation={p.operation}
                  label={p.label}
                  requiredApprovals={p.requiredApprovals}
                  expiresAfterHours={p.expiresAfterHours}
                  defaults={p.default}
                  editable={editable}
                />
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
