import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { mainClasses } from '@/components/ui/classes';
import { EmptyState } from '@/components/ui/empty-state';

export default function NotFound() {
  return (
    <main id="main" className={mainClasses}>
      <EmptyState
        page
        title="Page not found"
        action={
          <Link href="/" className={buttonClasses()}>
            Go to the overview
          </Link>
        }
      >
        <p>There is nothing at this address.</p>
      </EmptyState>
    </main>
  );
}
