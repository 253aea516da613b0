import type { Metadata } from 'next';
import { CreateKeyForm } from '@/components/create-key-form';
import { Breadcrumb } from '@/components/ui/breadcrumb';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { policyFor } from '@/lib/approvals/policies';
import { requirePageActor } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'New key' };

export default async function NewKeyPage() {
  await requirePageActor('key.create');
  const policy = await policyFor('key.create');
  return (
    <div className="flex w-full max-w-[640px] flex-col gap-4">
      <Breadcrumb parents={[{ href: '/keys', label: 'Keys' }]} current="New key" />
      <PageHeader title="New key" description="Keywarden generates version 1 of the key and seals its material before it is stored." />
      {policy.requiredApprovals > 0 && (
        <Notice tone="info">
          Creating a key needs {policy.requiredApprovals} approval{policy.requiredApprovals === 1 ? '' : 's'}: this form files a request,
          and the key is created once it is approved.
        </Notice>
      )}
      <CreateKeyForm />
    </div>
  );
}
