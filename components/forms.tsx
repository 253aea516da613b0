import { startTransition, type FormEvent } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import { FieldMessage } from './ui/field';

/**
 * An onSubmit that dispatches the form's action inside a transition. React resets a form after
 * its `action` runs, which would wipe what the user typed when the server sends back errors;
 * dispatching from onSubmit skips that reset. The `action` prop stays on the form, so the form
 * still posts without JavaScript.
 */
export function submitKeepingValues(dispatch: (payload: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  };
}

/** When a server action call itself fails (network, server down): the outcome is unknown. */
export const UNREACHABLE = 'The server could not be reached. Reload the page to see the current state before trying again.';

type Result = ActionResult<unknown> | null | undefined;

export function fieldErrors(result: Result, field: string): string[] | undefined {
  return result && !result.ok ? result.fieldErrors?.[field] : undefined;
}

/** The form-level error, unless one of the shown fields already says the same thing. */
export function formError(result: Result, shownFields: string[]): string | undefined {
  if (!result || result.ok) return undefined;
  const shown = shownFields.map((f) => result.fieldErrors?.[f]?.[0]);
  return shown.includes(result.error) ? undefined : result.error;
}

/** aria-describedby from the ids that apply. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const present = ids.filter(Boolean);
  return present.length ? present.join(' ') : undefined;
}

/** A field's first error: zod reports every failed check ("Enter a key name." and "may contain only…" for ""). */
export function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return <FieldMessage id={id}>{messages[0]}</FieldMessage>;
}
