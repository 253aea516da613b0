'use client';
import { useMutation } from '@tanstack/react-query';
import { useActionState, useEffect, useRef } from 'react';
import { createUserAction, resetPasswordAction, setDisabledAction, setRolesAction } from '@/lib/actions/governance';
import type { ActionResult } from '@/lib/actions/result';
import { ROLE_DESCRIPTIONS, ROLES } from '@/lib/auth/permissions';
import { FormFooter } from './form-footer';
import { FormOutcome } from './form-outcome';
import { describedBy, FieldError, fieldErrors, formError, submitKeepingValues, UNREACHABLE } from './forms';
import { SubmitButton } from './submit-button';
import { useToast } from './toast';
import { Button, buttonClasses } from './ui/button';
import { choiceClasses, fieldClasses } from './ui/classes';
import { cn } from './ui/cn';
import { ConfirmDialog } from './ui/confirm-dialog';
import { Field, inputClasses } from './ui/field';
import { Spinner } from './ui/spinner';

type Result = ActionResult<unknown> | null;

/**
 * Toasts each new success of a form's action. A refusal is shown once, in the form, beside the
 * field it concerns (or as the form's summary), never also as a toast.
 */
function useResultToast(state: Result) {
  const toast = useToast();
  useEffect(() => {
    if (state?.ok && state.message) toast(state.message);
  }, [state, toast]);
}

export function CreateUserForm() {
  const [state, formAction, pending] = useActionState<Result, FormData>(createUserAction, null);
  const form = useRef<HTMLFormElement>(null);
  // Its outcome, success or refusal, is shown in the form itself: no toast.
  useEffect(() => {
    // A new user is in the table now; the form starts over for the next one.
    if (state?.ok) form.current?.reset();
  }, [state]);
  const usernameErrors = fieldErrors(state, 'username');
  const passwordErrors = fieldErrors(state, 'password');
  const rolesErrors = fieldErrors(state, 'roles');
  const summary = formError(state, ['username', 'password', 'roles']);

  return (
    <form
      ref={form}
      action={formAction}
      onSubmit={submitKeepingValues(formAction)}
      noValidate
      className="flex flex-col gap-4"
      aria-labelledby="create-user-title"
      aria-describedby={summary ? 'create-user-error' : undefined}
    >
      <div className="grid grid-cols-[repeat(auto-fill,minmax(240px,320px))] gap-4">
        <Field id="new-username" label="Username" hint={<>a–z, 0–9, &quot;.&quot;, &quot;_&quot; and &quot;-&quot;; stored in lower case.</>} errors={usernameErrors}>
          {(control) => (
            <input {...control} name="username" type="text" required autoComplete="off" autoCapitalize="none" spellCheck={false} className={inputClasses} />
          )}
        </Field>
        <Field id="new-password" label="Password" hint="Give it to the user over a separate channel." errors={passwordErrors}>
          {(control) => <input {...control} name="password" type="password" required autoComplete="new-password" className={inputClasses} />}
        </Field>
      </div>

      <fieldset className={fieldClasses} aria-describedby={describedBy(rolesErrors && 'new-roles-error')}>
        <legend>Roles</legend>
        <div className="grid grid-cols-[repeat(auto-fill,minmax(200px,1fr))] gap-x-5 gap-y-2.5">
          {ROLES.map((role) => (
            <div key={role}>
              <label className={choiceClasses}>
                <input type="checkbox" name="roles" value={role} aria-describedby={`new-role-${role}-hint`} />
                <span className="font-semibold">{role}</span>
              </label>
              <p id={`new-role-${role}-hint`} className="ml-5.5 text-xs text-fg-muted">
                {ROLE_DESCRIPTIONS[role]}
              </p>
            </div>
          ))}
        </div>
        <FieldError id="new-roles-error" messages={rolesErrors} />
      </fieldset>

      <FormFooter errorId="create-user-error" error={summary} success={state?.ok ? state.message : undefined} submitLabel="Create user" pending={pending} />
    </form>
  );
}

/** A role's check box as a chip, tinted while checked; inside a disabled fieldset it reads as text. */
const roleChipClasses = cn(
  'inline-flex cursor-pointer items-center gap-1.5 rounded-full border border-border-muted bg-surface-muted py-0.5 pl-1.5 pr-2 text-xs',
  'has-checked:border-accent/35 has-checked:bg-accent-soft has-checked:text-accent-strong group-disabled/roles:cursor-default',
  '[&>input]:m-0 [&>input]:accent-accent',
);

/** The user's roles as checkboxes; saving replaces them. Refusals (the last admin) reset the boxes. */
export function RolesForm({ username, roles, disabled }: { username: string; roles: string[]; disabled?: boolean }) {
  const [state, formAction, pending] = useActionState<Result, FormData>(setRolesAction, null);
  const form = useRef<HTMLFormElement>(null);
  useResultToast(state);
  useEffect(() => {
    // Back to the roles the user really has.
    if (state && !state.ok) form.current?.reset();
  }, [state]);
  const errorId = `roles-error-${username}`;
  return (
    <form
      ref={form}
      action={formAction}
      onSubmit={submitKeepingValues(formAction)}
      className="min-w-0"
      aria-label={`Roles of ${username}`}
      aria-describedby={state && !state.ok ? errorId : undefined}
    >
      <input type="hidden" name="username" value={username} />
      <fieldset disabled={disabled} className="group/roles m-0 flex min-w-0 flex-wrap items-center gap-1.5 border-0 p-0">
        <legend className="sr-only">Roles of {username}</legend>
        {ROLES.map((role) => (
          <label key={role} className={roleChipClasses} title={ROLE_DESCRIPTIONS[role]}>
            <input type="checkbox" name="roles" value={role} defaultChecked={roles.includes(role)} />
            <span>{role}</span>
          </label>
        ))}
        {!disabled && (
          <SubmitButton size="sm" pending={pending}>
            Save roles
          </SubmitButton>
        )}
      </fieldset>
      <FormOutcome errorId={errorId} error={state && !state.ok ? state.error : undefined} />
    </form>
  );
}

/** Disable (ends the user's sessions at once, so it asks first) or enable again. */
export function DisableButton({ username, disabled }: { username: string; disabled: boolean }) {
  const toast = useToast();
  const inFlight = useRef(false);
  const change = useMutation({
    mutationFn: () => setDisabledAction(username, !disabled),
    onSuccess: (result) => {
      if (result.ok) toast(result.message ?? (disabled ? `User "${username}" enabled.` : `User "${username}" disabled.`));
      else toast(result.error, 'error');
    },
    onError: () => toast(UNREACHABLE, 'error'),
    onSettled: () => {
      inFlight.current = false;
    },
  });
  const button = (
    <Button
      size="sm"
      variant={disabled ? 'default' : 'danger'}
      disabled={change.isPending}
      aria-label={`${disabled ? 'Enable' : 'Disable'} ${username}`}
      onClick={
        disabled
          ? () => {
              if (inFlight.current) return;
              inFlight.current = true;
              change.mutate();
            }
          : undefined
      }
    >
      {change.isPending && <Spinner />}
      {disabled ? 'Enable' : 'Disable'}
    </Button>
  );
  if (disabled) return button;
  return (
    <ConfirmDialog
      trigger={button}
      title={
        <>
          Disable <span className="font-mono">{username}</span>?
        </>
      }
      confirmLabel="Disable user"
      onConfirm={async () => {
        if (inFlight.current) return;
        inFlight.current = true;
        await change.mutateAsync().catch(() => undefined);
      }}
    >
      <p>They are signed out everywhere at once and cannot sign in until someone enables them again.</p>
    </ConfirmDialog>
  );
}

/** A new password for the user; their sessions end. */
export function ResetPasswordForm({ username }: { username: string }) {
  const [state, formAction, pending] = useActionState<Result, FormData>(resetPasswordAction, null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  const inputId = `reset-password-${username}`;
  const summaryId = `${inputId}-summary`;
  const summary = formError(state, ['password']);
  return (
    <details className="group/reset relative">
      <summary className={buttonClasses({ size: 'sm', className: 'list-none group-open/reset:bg-surface-hover [&::-webkit-details-marker]:hidden' })}>Reset password</summary>
      <form
        ref={form}
        action={formAction}
        onSubmit={submitKeepingValues(formAction)}
        noValidate
        className="mt-2 flex w-60 flex-col whitespace-normal rounded-md border border-border-muted bg-surface-muted p-2.5 text-left"
        aria-describedby={summary ? summaryId : undefined}
      >
        <input type="hidden" name="username" value={username} />
        <Field id={inputId} label={`New password for ${username}`} errors={fieldErrors(state, 'password')}>
          {(control) => <input {...control} name="password" type="password" autoComplete="new-password" required className={inputClasses} />}
        </Field>
        <FormOutcome errorId={summaryId} error={summary} success={state?.ok ? state.message : undefined} />
        <SubmitButton size="sm" variant="primary" pending={pending} className="mt-2">
          Set password
        </SubmitButton>
      </form>
    </details>
  );
}
