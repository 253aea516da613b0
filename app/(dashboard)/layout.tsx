import type { ReactNode } from 'react';
import { TopBar } from '@/components/top-bar';
import { countAwaitingDecision } from '@/lib/approvals/list-requests';
import { can } from '@/lib/auth/permissions';
import { currentRequestInfo } from '@/lib/auth/request-info';
import { requirePageActor } from '@/lib/auth/session';
import { mainClasses } from '@/components/ui/classes';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // Layouts and pages render in parallel and a layout is not re-run on every navigation, so
  // this check is for the top bar only: every page checks the session and its permission itself.
  const actor = await requirePageActor();
  // The first value of the approvals badge; the browser polls it from then on.
  const awaiting = can(actor.roles, 'approval.decide') ? await countAwaitingDecision({ actor, request: await currentRequestInfo() }) : 0;
  return (
    <>
      <TopBar actor={actor} awaitingDecision={awaiting} />
      <main id="main" className={mainClasses}>
        {children}
      </main>
    </>
  );
}
