import { ForbiddenNotice } from '@/components/forbidden-notice';

/** forbidden() under the dashboard (403): the same notice, with the top bar still there. */
export default function DashboardForbidden() {
  return <ForbiddenNotice />;
}
