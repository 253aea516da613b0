'use client';
import { useActionState } from 'react';
import { signInAction } from '@/lib/actions/auth';
import { submitKeepingValues } from './forms';
import { Button } from './ui/button';
import { Field, inputClasses } from './ui/field';
import { Spinner } from './ui/spinner';

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(signInAction, undefined);
  return (
    <form action={formAction} onSubmit={submitKeepingValues(formAction)} className="flex flex-col gap-4" aria-describedby={state?.error ? 'login-error' : undefined}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field id="username" label="Username">
        {(control) => (
          <input {...control} name="username" type="text" autoComplete="username" autoCapitalize="none" spellCheck={false} required autoFocus className={inputClasses} />
        )}
      </Field>
      <Field id="password" label="Password">
        {(control) => <input {...control} name="password" type="password" autoComplete="current-password" required className={inputClasses} />}
      </Field>
      <div aria-live="polite">
        {state?.error && (
          <p id="login-error" className="rounded-md border border-danger-border bg-danger-soft px-3 py-2 text-danger">
            {state.error}
          </p>
        )}
      </div>
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending && <Spinner />}
        Sign in
      </Button>
    </form>
  );
}
