import type { ReactNode } from 'react';
import { TopBar } from '@/components/top-bar';
import { requirePageActor } from '@/lib/auth/session';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // Layouts and pages render in parallel and a layout is not re-run on every navigation, so
  // this check is for the username only: every page checks the session itself too.
  const actor = await requirePageActor();
  return (
    <>
      <TopBar username={actor.username} />
      <main className="page">{children}</main>
    </>
  );
}
