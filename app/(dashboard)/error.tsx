'use client';

import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

// Server errors reach the browser only as a digest (the id in the server's log), never as text.
export default function DashboardError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <EmptyState page title="Something went wrong" action={<Button onClick={() => retry()}>Try again</Button>}>
      <p>
        The page could not be loaded. Nothing was changed.
        {digest && (
          <>
            {' '}
            Reference: <code>{digest}</code>
          </>
        )}
      </p>
    </EmptyState>
  );
}
