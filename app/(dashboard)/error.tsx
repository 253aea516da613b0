'use client';

// Server errors reach the browser only as a digest (the id in the server's log), never as text.
export default function DashboardError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <div className="card empty empty-page">
      <p className="empty-title">Something went wrong</p>
      <p>The page could not be loaded. Nothing was changed.{digest && <> Reference: <code>{digest}</code></>}</p>
      <button type="button" className="btn" onClick={() => retry()}>
        Try again
      </button>
    </div>
  );
}
