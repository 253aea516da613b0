import { ForbiddenNotice } from '@/components/forbidden-notice';
import { mainClasses } from '@/components/ui/classes';

/** What forbidden() renders outside the dashboard (403). */
export default function Forbidden() {
  return (
    <main id="main" className={mainClasses}>
      <ForbiddenNotice />
    </main>
  );
}
