import type { Metadata } from 'next';
import Link from 'next/link';
import { CreateKeyForm } from '@/components/create-key-form';
import { PageHeader } from '@/components/ui/page-header';
import { policyFor } from '@/lib/approvals/policies';
import { requirePageActor } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'New key' };

export default async function NewKeyPage() {
  await requirePageActor('key.create');
  const policy = await policyFor('key.create');
  return (
    <div className="flex w-full max-w-[640px] flex-col gap-4">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/keys">Keys</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page">New key</span>
      </nav>
      <PageHeader title="New key" description="Keywarden generates version 1 of the key and seals its material before it is stored." />
      {policy.requiredApprovals > 0 && (
        <p className="notice notice-info">
          Creating a key needs {policy.requiredApprovals} approval{policy.requiredApprovals === 1 ? '' : 's'}: this form files a request,
          and the key is created once it is approved.
        </p>
      )}
      <CreateKeyForm />
    </div>
  );
}
