import type { Metadata } from 'next';
import Link from 'next/link';
import { CreateKeyForm } from '@/components/create-key-form';
import { requirePageActor } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'New key' };

export default async function NewKeyPage() {
  await requirePageActor();
  return (
    <div className="narrow">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/keys">Keys</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page">New key</span>
      </nav>
      <div className="page-header">
        <h1>New key</h1>
      </div>
      <p className="lede">Keywarden generates version 1 of the key now and seals its material before it is stored.</p>
      <CreateKeyForm />
    </div>
  );
}
