'use client';
import { useActionState, useState } from 'react';
import { updateProviderAction } from '@/lib/actions/providers';
import type { ActionResult } from '@/lib/actions/result';
import type { Performed } from '@/lib/operations/perform';
import type { ProviderKind } from '@/lib/providers/capabilities';
import { CredentialFields } from './credential-fields';
import { FormFooter } from './form-footer';
import { describedBy, FieldError, fieldErrors, formError, submitKeepingValues } from './forms';
import { choiceClasses, fieldClasses, textareaClasses } from './ui/classes';
import { cn } from './ui/cn';
import { Field, inputClasses } from './ui/field';

interface Props {
  name: string;
  kind: ProviderKind;
  endpoint: string | null;
  /** AWS only. */
  stsEndpoint?: string | null;
  caBundle: boolean;
  credentials: { form: string } | null;
  /** Set when the user's roles cannot change providers: the form is shown read-only. */
  deniedReason?: string;
}

const SHOWN = ['endpoint', 'caBundle', 'credentials', 'stsEndpoint', 'roleArn', 'externalId', 'sessionName', 'source', 'sourceAccessKeyId', 'sourceSecretAccessKey', 'sourceSessionToken', 'tokenFile', 'tokenCommand', 'profile', 'credentialsFile', 'configFile', 'accessKeyId', 'secretAccessKey', 'sessionToken', 'tenantId', 'clientId', 'clientSecret', 'cloud'];

/** Endpoint, CA bundle and credentials; kind and key collection are fixed. Secrets are never pre-filled. */
export function ProviderSettingsForm({ name, kind, endpoint, stsEndpoint = null, caBundle, credentials, deniedReason }: Props) {
  // `saves` counts successful saves: the fields remount after each, so typed secrets do not linger in the page.
  const [{ result: state, saves }, formAction, pending] = useActionState<{ result: Saved | null; saves: number }, FormData>(
    async (prev, form) => {
      const result = await updateProviderAction(prev.result, form);
      return { result, saves: result.ok ? prev.saves + 1 : prev.saves };
    },
    { result: null, saves: 0 },
  );
  const summary = formError(state, SHOWN);

  return (
    <form
      action={formAction}
      onSubmit={submitKeepingValues(formAction)}
      noValidate
      className="flex max-w-[560px] flex-col gap-4"
      aria-label="Provider settings"
      aria-describedby={summary ? 'edit-provider-error' : undefined}
    >
      <input type="hidden" name="name" value={name} />
      <Fields key={saves} kind={kind} endpoint={endpoint} stsEndpoint={stsEndpoint} caBundle={caBundle} credentials={credentials} deniedReason={deniedReason} state={state} />

      <FormFooter
        errorId="edit-provider-error"
        error={summary}
        success={state?.ok && (state.message ?? 'Provider saved.')}
        submitLabel="Save provider"
        pending={pending}
        deniedReason={deniedReason}
      />
    </form>
  );
}

type Saved = ActionResult<Performed<unknown>>;

function Fields({ kind, endpoint, stsEndpoint, caBundle, credentials, deniedReason, state }: Omit<Props, 'name'> & { state: Saved | null }) {
  const [caMode, setCaMode] = useState<'keep' | 'replace' | 'remove'>('keep');
  const caErrors = fieldErrors(state, 'caBundle');
  return (
    <fieldset disabled={Boolean(deniedReason)} className="m-0 flex min-w-0 flex-col gap-4 border-0 p-0">
      <Field id="edit-provider-endpoint" label="Endpoint override" hint="Empty for the cloud's default endpoint." errors={fieldErrors(state, 'endpoint')}>
        {(control) => (
          <input {...control} name="endpoint" type="text" defaultValue={endpoint ?? ''} autoComplete="off" spellCheck={false} className={cn(inputClasses, 'font-mono')} placeholder="default" />
        )}
      </Field>

      {kind === 'awskms' && (
        <Field
          id="edit-provider-sts-endpoint"
          label="STS endpoint"
          hint="For roles and web identity; empty for AWS_ENDPOINT_URL_STS or the regional STS."
          errors={fieldErrors(state, 'stsEndpoint')}
        >
          {(control) => (
            <input {...control} name="stsEndpoint" type="text" defaultValue={stsEndpoint ?? ''} autoComplete="off" spellCheck={false} className={cn(inputClasses, 'font-mono')} placeholder="default" />
          )}
        </Field>
      )}

      <fieldset className={fieldClasses} aria-describedby={describedBy(caErrors && 'edit-provider-ca-error')}>
        <legend>CA bundle</legend>
        <div className="flex flex-wrap gap-5">
          <label className={choiceClasses}>
            <input type="radio" name="caMode" checked={caMode === 'keep'} onChange={() => setCaMode('keep')} />
            {caBundle ? 'Keep the stored bundle' : 'None (system trust only)'}
          </label>
          <label className={choiceClasses}>
            <input type="radio" name="caMode" checked={caMode === 'replace'} onChange={() => setCaMode('replace')} />
            {caBundle ? 'Replace' : 'Add a bundle'}
          </label>
          {caBundle && (
            <label className={choiceClasses}>
              <input type="radio" name="caMode" checked={caMode === 'remove'} onChange={() => setCaMode('remove')} />
              Remove
            </label>
          )}
        </div>
        {caMode === 'remove' && <input type="hidden" name="caBundle" value="" />}
        {caMode === 'replace' && (
          <textarea
            name="caBundle"
            aria-label="CA bundle (PEM)"
            rows={4}
            spellCheck={false}
            className={textareaClasses}
            placeholder="-----BEGIN CERTIFICATE-----"
            aria-invalid={caErrors ? true : undefined}
          />
        )}
        <FieldError id="edit-provider-ca-error" messages={caErrors} />
      </fieldset>

      <CredentialFields kind={kind} state={state} current={credentials} />
    </fieldset>
  );
}
