import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';

export default function ProviderNotFound() {
  return (
    <div className="relative min-w-0 overflow-x-auto rounded-md border border-border bg-surface shadow-[var(--shadow)] flex flex-col items-center gap-2 px-6 py-10 text-center text-fg-muted py-14">
      <p className="text-base font-semibold text-fg">No such provider</p>
      <p>It may have been deleted, or the address is mistyped.</p>
      <Link href="/providers" className={buttonClasses()}>
        All providers
      </Link>
    </div>
  );
}
