import type { Metadata } from 'next';
import { pageContext, readOrForbidden } from '@/app/_lib/page-read';
import { PolicyRow } from '@/components/policy-row';
import { listPolicies } from '@/lib/approvals/set-policy';
import { can } from '@/lib/auth/permissions';
import { PageHeader } from '@/components/ui/page-header';

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

      <section className="card" aria-labelledby="policies-title">
        <div className="card-title-row">
          <h2 id="policies-title" className="card-title">
            Operations that can require approval
          </h2>
          {!editable && <span className="card-meta">Read-only: changing a policy needs the admin role.</span>}
        </div>
        <div className="table-scroll">
          <table className="table table-policies" aria-labelledby="policies-title">
            <thead>
              <tr>
                <th scope="col">Operation</th>
                <th scope="col">Required approvals</th>
                <th scope="col">Requests expire after</th>
                <th scope="col">Default</th>
                {editable && (
                  <th scope="col">
                    <span className="visually-hidden">Save</span>
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
      </section>
    </>
  );
}
