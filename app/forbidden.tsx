import { ForbiddenNotice } from '@/components/forbidden-notice';

/** What forbidden() renders outside the dashboard (403). */
export default function Forbidden() {
  return (
    <main id="main" className="page">
      <ForbiddenNotice />
    </main>
  );
}
