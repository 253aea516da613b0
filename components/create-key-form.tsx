'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import { createKeyAction } from '@/lib/actions/keys';
import type { ActionResult } from '@/lib/actions/result';
import { KEY_TYPE_NAMES, KEY_TYPES } from '@/lib/keys/key-types';
import type { KeySummary } from '@/lib/keys/views';
import type { Performed } from '@/lib/operations/perform';
import { describedBy, FieldError, fieldErrors, formError, submitKeepingValues } from './forms';
import { RequestedNotice } from './requested-notice';
import { useToast } from './toast';

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
    <form action={formAction} onSubmit={submitKeepingValues(formAction)} noValidate className="card card-body stack" aria-describedby={summary ? 'create-key-error' : undefined}>
      <div className="field">
        <label htmlFor="key-name">Name</label>
        <input
          id="key-name"
          name="name"
          type="text"
          required
          maxLength={128}
          autoComplete="off"
          spellCheck={false}
          autoFocus
          className="mono"
          aria-invalid={nameErrors ? true : undefined}
          aria-describedby={describedBy('key-name-hint', nameErrors && 'key-name-error')}
        />
        <p id="key-name-hint" className="hint">
          Letters, digits, &quot;_&quot; and &quot;-&quot;; up to 128 characters. The name cannot be changed later.
        </p>
        <FieldError id="key-name-error" messages={nameErrors} />
      </div>

      <div className="field">
        <label htmlFor="key-type">Type</label>
        <select
          id="key-type"
          name="type"
          defaultValue="aes256-gcm96"
          aria-invalid={typeErrors ? true : undefined}
          aria-describedby={describedBy('key-type-hint', typeErrors && 'key-type-error')}
        >
          {KEY_TYPE_NAMES.map((type) => (
            <option key={type} value={type}>
              {KEY_TYPES[type].label}
            </option>
          ))}
        </select>
        <p id="key-type-hint" className="hint">
          Fixed for the key&apos;s lifetime. Asymmetric keys show their public key on the key&apos;s page.
        </p>
        <FieldError id="key-type-error" messages={typeErrors} />
      </div>

      <div aria-live="polite">
        {summary && (
          <p id="create-key-error" className="form-error">
            {summary}
          </p>
        )}
        {requested && state?.ok && (
          <RequestedNotice message={state.message ?? `Approval needed: request #${requested.number} is pending.`} requests={[requested]} />
        )}
      </div>

      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy && <span className="spinner" aria-hidden="true" />}
          Create key
        </button>
        <Link href="/keys" className="btn">
          Cancel
        </Link>
      </div>
    </form>
  );
}
