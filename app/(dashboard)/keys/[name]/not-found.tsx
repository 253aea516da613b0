import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

export default function KeyNotFound() {
  return (
    <EmptyState
      page
      title="Key not found"
      action={
        <Link href="/keys" className={buttonClasses()}>
          Back to keys
        </Link>
      }
    >
      <p>No key by that name exists. It may have been deleted.</p>
    </EmptyState>
  );
}
