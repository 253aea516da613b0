'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import { createKeyAction } from '@/lib/actions/keys';
import type { ActionResult } from '@/lib/actions/result';
import { KEY_TYPE_NAMES, KEY_TYPES } from '@/lib/keys/key-types';
import type { KeySummary } from '@/lib/keys/views';
import type { Performed } from '@/lib/operations/perform';
import { FormFooter } from './form-footer';
import { fieldErrors, formError, submitKeepingValues } from './forms';
import { RequestedNotice } from './requested-notice';
import { useToast } from './toast';
import { buttonClasses } from './ui/button';
import { cn } from './ui/cn';
import { Field, inputClasses } from './ui/field';

export function CreateKeyForm() {
  const [state, formAction, pending] = useActionState<ActionResult<Performed<KeySummary>> | null, FormData>(createKeyAction, null);
  const router = useRouter();
  const toast = useToast();
  const done = state?.ok && state.data.status === 'done' ? state.data.result : null;
  const requested = state?.ok && state.data.status === 'requested' ? state.data.request : null;

  useEffect(() => {
    if (!state?.ok) return;
    if (state.data.status === 'requested') {
      // Nothing to navigate to yet: the key exists once the request is approved.
      toast(state.message ?? `Approval needed: request #${state.data.request.number} is pending.`);
      return;
    }
    toast(state.message ?? `Key "${state.data.result.name}" created.`);
    router.push(`/keys/${state.data.result.name}`);
  }, [state, router, toast]);

  const nameErrors = fieldErrors(state, 'name');
  const typeErrors = fieldErrors(state, 'type');
  const summary = formError(state, ['name', 'type']);
  // Between success and the navigation the form stays locked, so it cannot be sent twice.
  const busy = pending || Boolean(done);

  return (
    <form
      action={formAction}
      onSubmit={submitKeepingValues(formAction)}
      noValidate
      className="flex flex-col gap-4 rounded-md border border-border bg-surface p-4"
      aria-describedby={summary ? 'create-key-error' : undefined}>
      <Field
        id="key-name"
        label="Name"
        hint={<>Letters, digits, &quot;_&quot; and &quot;-&quot;; up to 128 characters. The name cannot be changed later.</>}
        errors={nameErrors}
      >
        {(control) => (
          <input {...control} name="name" type="text" required autoComplete="off" spellCheck={false} autoFocus className={cn(inputClasses, 'font-mono')} />
        )}
      </Field>

      <Field id="key-type" label="Type" hint={<>Fixed for the key&apos;s lifetime. Asymmetric keys show their public key on the key&apos;s page.</>} errors={typeErrors}>
        {(control) => (
          <select {...control} name="type" defaultValue="aes256-gcm96" className={inputClasses}>
            {KEY_TYPE_NAMES.map((type) => (
              <option key={type} value={type}>
                {KEY_TYPES[type].label}
              </option>
            ))}
          </select>
        )}
      </Field>

      <FormFooter
        errorId="create-key-error"
        error={summary}
        success={requested && state?.ok && <RequestedNotice message={state.message ?? `Approval needed: request #${requested.number} is pending.`} requests={[requested]} />}
        submitLabel="Create key"
        pending={busy}
        secondary={
          <Link href="/keys" className={buttonClasses()}>
            Cancel
          </Link>
        }
      />
    </form>
  );
}
