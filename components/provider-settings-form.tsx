'use client';
import { useActionState, useState } from 'react';
import { updateProviderAction } from '@/lib/actions/providers';
import type { ActionResult } from '@/lib/actions/result';
import type { Performed } from '@/lib/operations/perform';
import type { ProviderKind } from '@/lib/providers/capabilities';
import { CredentialFields } from './credential-fields';
import { describedBy, FieldError, fieldErrors, formError, submitKeepingValues } from './forms';
import { buttonClasses } from './ui/button';
import { fieldClasses, textareaClasses } from './ui/classes';
import { Spinner } from './ui/spinner';
import { inputClasses } from './ui/field';
import { cn } from './ui/cn';
import { Notice } from './ui/notice';

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
      className="flex flex-col gap-4 max-w-[560px]"
      aria-label="Provider settings"
      aria-describedby={summary ? 'edit-provider-error' : undefined}
    >
      <input type="hidden" name="name" value={name} />
      <Fields key={saves} kind={kind} endpoint={endpoint} stsEndpoint={stsEndpoint} caBundle={caBundle} credentials={credentials} deniedReason={deniedReason} state={state} />

      <div aria-live="polite">
        {summary && (
          <Notice tone="error" id="edit-provider-error">
            {summary}
          </Notice>
        )}
        {state?.ok && <Notice tone="success">{state.message ?? 'Provider saved.'}</Notice>}
      </div>

      <div className="flex items-center gap-2">
        {deniedReason ? (
          <p className="text-xs text-fg-muted">{deniedReason}</p>
        ) : (
          <button type="submit" className={buttonClasses({ variant: 'primary' })} disabled={pending}>
            {pending && <Spinner />}
            Save provider
          </button>
        )}
      </div>
    </form>
  );
}

type Saved = ActionResult<Performed<unknown>>;

function Fields({ kind, endpoint, stsEndpoint, caBundle, credentials, deniedReason, state }: Omit<Props, 'name'> & { state: Saved | null }) {
  const [caMode, setCaMode] = useState<'keep' | 'replace' | 'remove'>('keep');
  const endpointErrors = fieldErrors(state, 'endpoint');
  const caErrors = fieldErrors(state, 'caBundle');
  const stsErrors = fieldErrors(state, 'stsEndpoint');
  return (
    <fieldset disabled={Boolean(deniedReason)} className="flex flex-col gap-4 m-0 min-w-0 border-0 p-0">
      <div className={fieldClasses}>
        <label htmlFor="edit-provider-endpoint">Endpoint override</label>
        <input
          id="edit-provider-endpoint"
          name="endpoint"
          type="text"
          defaultValue={endpoint ?? ''}
          autoComplete="off"
          spellCheck={false}
          className={cn(inputClasses, 'font-mono')}
          placeholder="default"
          aria-invalid={endpointErrors ? true : undefined}
          aria-describedby={describedBy('edit-provider-endpoint-hint', endpointErrors && 'edit-provider-endpoint-error')}
        />
        <p id="edit-provider-endpoint-hint" className="text-xs text-fg-muted">
          Empty for the cloud&apos;s default endpoint.
        </p>
        <FieldError id="edit-provider-endpoint-error" messages={endpointErrors} />
      </div>

      {kind === 'awskms' && (
        <div className={fieldClasses}>
          <label htmlFor="edit-provider-sts-endpoint">STS endpoint</label>
          <input
            id="edit-provider-sts-endpoint"
            name="stsEndpoint"
            type="text"
            defaultValue={stsEndpoint ?? ''}
            autoComplete="off"
            spellCheck={false}
            className={cn(inputClasses, 'font-mono')}
            placeholder="default"
            aria-invalid={stsErrors ? true : undefined}
            aria-describedby={describedBy('edit-provider-sts-endpoint-hint', stsErrors && 'edit-provider-sts-endpoint-error')}
          />
          <p id="edit-provider-sts-endpoint-hint" className="text-xs text-fg-muted">
            For roles and web identity; empty for AWS_ENDPOINT_URL_STS or the regional STS.
          </p>
          <FieldError id="edit-provider-sts-endpoint-error" messages={stsErrors} />
        </div>
      )}

      <fieldset className={fieldClasses} aria-describedby={describedBy(caErrors && 'edit-provider-ca-error')}>
        <legend>CA bundle</legend>
        <div className="flex flex-wrap gap-5">
          <label className="inline-flex cursor-pointer items-center gap-1.5 [&_input]:m-0 [&_input]:accent-accent">
            <input type="radio" name="caMode" checked={caMode === 'keep'} onChange={() => setCaMode('keep')} />
            {caBundle ? 'Keep the stored bundle' : 'None (system trust only)'}
          </label>
          <label className="inline-flex cursor-pointer items-center gap-1.5 [&_input]:m-0 [&_input]:accent-accent">
            <input type="radio" name="caMode" checked={caMode === 'replace'} onChange={() => setCaMode('replace')} />
            {caBundle ? 'Replace' : 'Add a bundle'}
          </label>
          {caBundle && (
            <label className="inline-flex cursor-pointer items-center gap-1.5 [&_input]:m-0 [&_input]:accent-accent">
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
