import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

export default function ProviderNotFound() {
  return (
    <EmptyState
      page
      title="No such provider"
      action={
        <Link href="/providers" className={buttonClasses()}>
          All providers
        </Link>
      }
    >
      <p>It may have been deleted, or the address is mistyped.</p>
    </EmptyState>
  );
}
