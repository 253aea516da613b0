import { signOutEverywhereAction } from '@/lib/actions/auth';

/**
 * Signs out everywhere: ends every session of the signed-in user (a lost laptop, a cookie that
 * may have been copied). Its label avoids "Sign out", which names the one-session button.
 */
export function SignOutEverywhere() {
  return (
    <form action={signOutEverywhereAction}>
      <button
        type="submit"
        title="Sign out everywhere: end your sessions in every browser"
        className="inline-flex h-7 cursor-pointer items-center whitespace-nowrap rounded-md px-2 text-xs font-medium text-topbar-muted hover:bg-white/10 hover:text-topbar-fg max-sm:hidden"
      >
        End all sessions
      </button>
    </form>
  );
}
