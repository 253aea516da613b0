'use client';
import { useMutation } from '@tanstack/react-query';
import { useActionState, useEffect, useRef } from 'react';
import { createUserAction, resetPasswordAction, setDisabledAction, setRolesAction } from '@/lib/actions/governance';
import type { ActionResult } from '@/lib/actions/result';
import { ROLE_DESCRIPTIONS, ROLES } from '@/lib/auth/permissions';
import { describedBy, FieldError, fieldErrors, formError, submitKeepingValues, UNREACHABLE } from './forms';
import { Field, inputClasses } from './ui/field';
import { Button } from './ui/button';
import { ConfirmDialog } from './ui/confirm-dialog';
import { Spinner } from './ui/spinner';
import { useToast } from './toast';

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
      className="stack"
      aria-labelledby="create-user-title"
      aria-describedby={summary ? 'create-user-error' : undefined}
    >
      <div className="form-grid">
        <Field id="new-username" label="Username" hint={<>a–z, 0–9, &quot;.&quot;, &quot;_&quot; and &quot;-&quot;; stored in lower case.</>} errors={usernameErrors}>
          {(control) => (
            <input {...control} name="username" type="text" required autoComplete="off" autoCapitalize="none" spellCheck={false} className={inputClasses} />
          )}
        </Field>
        <Field id="new-password" label="Password" hint="Give it to the user over a separate channel." errors={passwordErrors}>
          {(control) => <input {...control} name="password" type="password" required autoComplete="new-password" className={inputClasses} />}
        </Field>
      </div>

      <fieldset className="field" aria-describedby={describedBy(rolesErrors && 'new-roles-error')}>
        <legend>Roles</legend>
        <div className="role-options">
          {ROLES.map((role) => (
            <div key={role} className="role-option">
              <label className="check">
                <input type="checkbox" name="roles" value={role} aria-describedby={`new-role-${role}-hint`} />
                <span className="role-name">{role}</span>
              </label>
              <p id={`new-role-${role}-hint`} className="hint">
                {ROLE_DESCRIPTIONS[role]}
              </p>
            </div>
          ))}
        </div>
        <FieldError id="new-roles-error" messages={rolesErrors} />
      </fieldset>

      <div aria-live="polite">
        {summary && (
          <p id="create-user-error" className="form-error">
            {summary}
          </p>
        )}
        {state?.ok && <p className="form-success">{state.message}</p>}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending && <span className="spinner" aria-hidden="true" />}
          Create user
        </button>
      </div>
    </form>
  );
}

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
      className="roles-form"
      aria-label={`Roles of ${username}`}
      aria-describedby={state && !state.ok ? errorId : undefined}
    >
      <input type="hidden" name="username" value={username} />
      <fieldset disabled={disabled} className="fieldset-plain role-checks">
        <legend className="visually-hidden">Roles of {username}</legend>
        {ROLES.map((role) => (
          <label key={role} className="check check-chip" title={ROLE_DESCRIPTIONS[role]}>
            <input type="checkbox" name="roles" value={role} defaultChecked={roles.includes(role)} />
            <span>{role}</span>
          </label>
        ))}
        {!disabled && (
          <button type="submit" className="btn btn-sm" disabled={pending}>
            {pending && <span className="spinner" aria-hidden="true" />}
            Save roles
          </button>
        )}
      </fieldset>
      <div aria-live="polite">
        {state && !state.ok && (
          <p id={errorId} className="form-error form-error-sm">
            {state.error}
          </p>
        )}
      </div>
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
  const errors = fieldErrors(state, 'password');
  const summary = formError(state, ['password']);
  return (
    <details className="reset-password">
      <summary className="btn btn-sm">Reset password</summary>
      <form ref={form} action={formAction} onSubmit={submitKeepingValues(formAction)} noValidate className="stack-sm reset-password-form">
        <input type="hidden" name="username" value={username} />
        <label htmlFor={inputId} className="label-sm">
          New password for {username}
        </label>
        <input
          id={inputId}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={errors ? true : undefined}
          aria-describedby={describedBy(errors && `${inputId}-error`)}
        />
        <FieldError id={`${inputId}-error`} messages={errors} />
        {summary && <p className="form-error form-error-sm">{summary}</p>}
        {state?.ok && <p className="form-success form-error-sm">{state.message}</p>}
        <button type="submit" className="btn btn-sm btn-primary" disabled={pending}>
          {pending && <span className="spinner" aria-hidden="true" />}
          Set password
        </button>
      </form>
    </details>
  );
}
