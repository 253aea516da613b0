'use client';
import { useActionState } from 'react';
import { signInAction } from '@/lib/actions/auth';
import { submitKeepingValues } from './forms';

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(signInAction, undefined);
  return (
    <form action={formAction} onSubmit={submitKeepingValues(formAction)} className="stack" aria-describedby={state?.error ? 'login-error' : undefined}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div className="field">
        <label htmlFor="username">Username</label>
        <input id="username" name="username" type="text" autoComplete="username" autoCapitalize="none" spellCheck={false} required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <div aria-live="polite">
        {state?.error && (
          <p id="login-error" className="form-error">
            {state.error}
          </p>
        )}
      </div>
      <button type="submit" className="btn btn-primary btn-block" disabled={pending}>
        {pending && <span className="spinner" aria-hidden="true" />}
        Sign in
      </button>
    </form>
  );
}
