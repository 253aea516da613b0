'use client';
import { useActionState } from 'react';
import { updateKeyConfigAction } from '@/lib/actions/keys';
import type { ActionResult } from '@/lib/actions/result';
import type { ConfigChange } from '@/lib/keys/update-key-config';
import { describedBy, FieldError, fieldErrors, formError, submitKeepingValues } from './forms';
import { FormFooter } from './form-footer';
import { RequestedNotice } from './requested-notice';
import { choiceClasses, fieldClasses } from './ui/classes';
import { cn } from './ui/cn';
import { Field, inputBase } from './ui/field';

interface Props {
  name: string;
  latestVersion: number;
  minEnabledVersion: number;
  deletionAllowed: boolean;
  /** Set when the user's roles cannot change settings: the form is shown read-only. */
  deniedReason?: string;
}

export function KeySettingsForm({ name, latestVersion, minEnabledVersion, deletionAllowed, deniedReason }: Props) {
  const [state, formAction, pending] = useActionState<ActionResult<ConfigChange[]> | null, FormData>(updateKeyConfigAction, null);
  const minErrors = fieldErrors(state, 'minEnabledVersion');
  const deletionErrors = fieldErrors(state, 'deletionAllowed');
  const summary = formError(state, ['minEnabledVersion', 'deletionAllowed']);
  // Each changed setting ran at once or now waits for approval; the message tells which.
  const requested = state?.ok ? state.data.flatMap((c) => (c.outcome.status === 'requested' ? [c.outcome.request] : [])) : [];

  return (
    <form action={formAction} onSubmit={submitKeepingValues(formAction)} noValidate className="flex max-w-[560px] flex-col gap-4" aria-describedby={summary ? 'settings-error' : undefined}>
      <input type="hidden" name="name" value={name} />
      <fieldset disabled={Boolean(deniedReason)} className="flex min-w-0 flex-col gap-4">
        <Field
          id="min-enabled-version"
          label="Minimum enabled version"
          hint={<>min_enabled_version, 0 to {latestVersion}. 0 enables every version; N disables the versions below N.</>}
          errors={minErrors}
        >
          {(control) => (
            <input
              {...control}
              name="minEnabledVersion"
              type="number"
              inputMode="numeric"
              min={0}
              max={latestVersion}
              step={1}
              required
              defaultValue={minEnabledVersion}
              className={cn(inputBase, 'w-32')}
            />
          )}
        </Field>

        <fieldset className={fieldClasses} aria-describedby={describedBy('deletion-allowed-hint', deletionErrors && 'deletion-allowed-error')}>
          <legend>Deletion</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            <label className={choiceClasses}>
              <input type="radio" name="deletionAllowed" value="false" defaultChecked={!deletionAllowed} />
              Prevent deletion
            </label>
            <label className={choiceClasses}>
              <input type="radio" name="deletionAllowed" value="true" defaultChecked={deletionAllowed} />
              Allow deletion
            </label>
          </div>
          <p id="deletion-allowed-hint" className="text-xs text-fg-muted">
            deletion_allowed. A key can be deleted only while this is allowed.
          </p>
          <FieldError id="deletion-allowed-error" messages={deletionErrors} />
        </fieldset>
      </fieldset>

      <FormFooter
        errorId="settings-error"
        error={summary}
        success={
          state?.ok &&
          (requested.length > 0 ? (
            <RequestedNotice message={state.message ?? 'Approval needed: the request is pending.'} requests={requested} />
          ) : (
            state.message ?? 'Settings saved.'
          ))
        }
        submitLabel="Save settings"
        pending={pending}
        deniedReason={deniedReason}
      />
    </form>
  );
}
