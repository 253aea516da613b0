'use client';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import { createProviderAction } from '@/lib/actions/providers';
import type { ActionResult } from '@/lib/actions/result';
import type { Performed } from '@/lib/operations/perform';
import { PROVIDER_KIND_LABELS, PROVIDER_KINDS, type ProviderKind } from '@/lib/providers/capabilities';
import type { ProviderView } from '@/lib/providers/views';
import { CredentialFields } from './credential-fields';
import { describedBy, FieldError, fieldErrors, formError, submitKeepingValues } from './forms';
import { useToast } from './toast';
import { buttonClasses } from './ui/button';
import { fieldClasses, textareaClasses } from './ui/classes';
import { Spinner } from './ui/spinner';
import { inputClasses } from './ui/field';
import { cn } from './ui/cn';
import { Notice } from './ui/notice';

const COLLECTION: Record<ProviderKind, { label: string; hint: string; placeholder: string }> = {
  awskms: { label: 'Region', hint: 'The AWS region whose KMS holds the copies, such as eu-west-1. Fixed once created.', placeholder: 'us-east-1' },
  azurekeyvault: {
    label: 'Vault name or URL',
    hint: 'The Key Vault\'s name (3–24 letters, digits and "-") or its https URL. Fixed once created.',
    placeholder: 'my-vault',
  },
};

const SHOWN = ['name', 'kind', 'keyCollection', 'endpoint', 'caBundle', 'credentials', 'stsEndpoint', 'roleArn', 'externalId', 'sessionName', 'source', 'sourceAccessKeyId', 'sourceSecretAccessKey', 'sourceSessionToken', 'tokenFile', 'tokenCommand', 'profile', 'credentialsFile', 'configFile', 'accessKeyId', 'secretAccessKey', 'sessionToken', 'tenantId', 'clientId', 'clientSecret', 'cloud'];

export function CreateProviderForm() {
  const [state, formAction, pending] = useActionState<ActionResult<Performed<ProviderView>> | null, FormData>(createProviderAction, null);
  const [kind, setKind] = useState<ProviderKind>('awskms');
  const router = useRouter();
  const toast = useToast();
  const created = state?.ok && state.data.status === 'done' ? state.data.result : null;

  useEffect(() => {
    if (!state?.ok || state.data.status !== 'done') return;
    toast(state.message ?? `Provider "${state.data.result.name}" created.`);
    router.push(`/providers/${state.data.result.name}`);
  }, [state, router, toast]);

  const err = (field: string) => fieldErrors(state, field);
  const summary = formError(state, SHOWN);
  const busy = pending || Boolean(created);
  const collection = COLLECTION[kind];

  return (
    <form
      action={formAction}
      onSubmit={submitKeepingValues(formAction)}
      noValidate
      className="flex flex-col gap-4 max-w-[560px]"
      aria-label="New provider"
      aria-describedby={summary ? 'new-provider-error' : undefined}
    >
      <div className={fieldClasses}>
        <label htmlFor="new-provider-kind">Kind</label>
        <select className={inputClasses} id="new-provider-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as ProviderKind)}>
          {PROVIDER_KINDS.map((k) => (
            <option key={k} value={k}>
              {PROVIDER_KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <FieldError id="new-provider-kind-error" messages={err('kind')} />
      </div>

      <div className={fieldClasses}>
        <label htmlFor="new-provider-name">Name</label>
        <input
          id="new-provider-name"
          name="name"
          type="text"
          required
          autoComplete="off"
          spellCheck={false}
          className={cn(inputClasses, 'font-mono')}
          aria-invalid={err('name') ? true : undefined}
          aria-describedby={describedBy('new-provider-name-hint', err('name') && 'new-provider-name-error')}
        />
        <p id="new-provider-name-hint" className="text-xs text-fg-muted">
          Letters, digits, &quot;_&quot; and &quot;-&quot;; up to 128 characters.
        </p>
        <FieldError id="new-provider-name-error" messages={err('name')} />
      </div>

      {/* Keyed by kind: a region typed for AWS is no vault name. */}
      <div className={fieldClasses} key={kind}>
        <label htmlFor="new-provider-collection">{collection.label}</label>
        <input
          id="new-provider-collection"
          name="keyCollection"
          type="text"
          required
          autoComplete="off"
          spellCheck={false}
          className={cn(inputClasses, 'font-mono')}
          placeholder={collection.placeholder}
          aria-invalid={err('keyCollection') ? true : undefined}
          aria-describedby={describedBy('new-provider-collection-hint', err('keyCollection') && 'new-provider-collection-error')}
        />
        <p id="new-provider-collection-hint" className="text-xs text-fg-muted">
          {collection.hint}
        </p>
        <FieldError id="new-provider-collection-error" messages={err('keyCollection')} />
      </div>

      <div className={fieldClasses}>
        <label htmlFor="new-provider-endpoint">
          Endpoint override<span className="font-normal text-fg-muted"> (optional)</span>
        </label>
        <input
          id="new-provider-endpoint"
          name="endpoint"
          type="text"
          autoComplete="off"
          spellCheck={false}
          className={cn(inputClasses, 'font-mono')}
          placeholder="https://…"
          aria-invalid={err('endpoint') ? true : undefined}
          aria-describedby={describedBy('new-provider-endpoint-hint', err('endpoint') && 'new-provider-endpoint-error')}
        />
        <p id="new-provider-endpoint-hint" className="text-xs text-fg-muted">
          A VPC endpoint, a sovereign cloud or a local emulator; empty for the cloud&apos;s default endpoint.
        </p>
        <FieldError id="new-provider-endpoint-error" messages={err('endpoint')} />
      </div>

      {kind === 'awskms' && (
        <div className={fieldClasses}>
          <label htmlFor="new-provider-sts-endpoint">
            STS endpoint<span className="font-normal text-fg-muted"> (optional)</span>
          </label>
          <input
            id="new-provider-sts-endpoint"
            name="stsEndpoint"
            type="text"
            autoComplete="off"
            spellCheck={false}
            className={cn(inputClasses, 'font-mono')}
            placeholder="https://sts.eu-west-1.amazonaws.com"
            aria-invalid={err('stsEndpoint') ? true : undefined}
            aria-describedby={describedBy('new-provider-sts-endpoint-hint', err('stsEndpoint') && 'new-provider-sts-endpoint-error')}
          />
          <p id="new-provider-sts-endpoint-hint" className="text-xs text-fg-muted">
            Where roles and web identity are exchanged (an STS VPC endpoint, an emulator); empty for AWS_ENDPOINT_URL_STS or the regional STS.
          </p>
          <FieldError id="new-provider-sts-endpoint-error" messages={err('stsEndpoint')} />
        </div>
      )}

      <CredentialFields key={kind} kind={kind} state={state} />

      <div className={fieldClasses}>
        <label htmlFor="new-provider-ca">
          CA bundle<span className="font-normal text-fg-muted"> (optional)</span>
        </label>
        <textarea
          id="new-provider-ca"
          name="caBundle"
          rows={4}
          spellCheck={false}
          className={textareaClasses}
          placeholder="-----BEGIN CERTIFICATE-----"
          aria-invalid={err('caBundle') ? true : undefined}
          aria-describedby={describedBy('new-provider-ca-hint', err('caBundle') && 'new-provider-ca-error')}
        />
        <p id="new-provider-ca-hint" className="text-xs text-fg-muted">
          PEM certificates trusted for this provider&apos;s endpoints (AWS: KMS and STS), in addition to the system&apos;s. AWS: empty uses the file named by AWS_CA_BUNDLE, if set.
        </p>
        <FieldError id="new-provider-ca-error" messages={err('caBundle')} />
      </div>

      <div aria-live="polite">
        {summary && (
          <Notice tone="error" id="new-provider-error">
            {summary}
          </Notice>
        )}
      </div>

      <div className="flex items-center gap-2">
        <button type="submit" className={buttonClasses({ variant: 'primary' })} disabled={busy}>
          {busy && <Spinner />}
          Create provider
        </button>
      </div>
    </form>
  );
}
