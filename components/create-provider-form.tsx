'use client';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import { createProviderAction } from '@/lib/actions/providers';
import type { ActionResult } from '@/lib/actions/result';
import type { Performed } from '@/lib/operations/perform';
import { PROVIDER_KIND_LABELS, PROVIDER_KINDS, type ProviderKind } from '@/lib/providers/capabilities';
import type { ProviderView } from '@/lib/providers/views';
import { CredentialFields, Optional } from './credential-fields';
import { FormFooter } from './form-footer';
import { fieldErrors, formError, submitKeepingValues } from './forms';
import { useToast } from './toast';
import { textareaClasses } from './ui/classes';
import { cn } from './ui/cn';
import { Field, inputClasses } from './ui/field';

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
      className="flex max-w-[560px] flex-col gap-4"
      aria-label="New provider"
      aria-describedby={summary ? 'new-provider-error' : undefined}
    >
      <Field id="new-provider-kind" label="Kind" errors={err('kind')}>
        {(control) => (
          <select {...control} name="kind" value={kind} onChange={(e) => setKind(e.target.value as ProviderKind)} className={inputClasses}>
            {PROVIDER_KINDS.map((k) => (
              <option key={k} value={k}>
                {PROVIDER_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        )}
      </Field>

      <Field id="new-provider-name" label="Name" hint={'Letters, digits, "_" and "-"; up to 128 characters.'} errors={err('name')}>
        {(control) => <input {...control} name="name" type="text" required autoComplete="off" spellCheck={false} className={cn(inputClasses, 'font-mono')} />}
      </Field>

      {/* Keyed by kind: a region typed for AWS is no vault name. */}
      <Field key={kind} id="new-provider-collection" label={collection.label} hint={collection.hint} errors={err('keyCollection')}>
        {(control) => (
          <input
            {...control}
            name="keyCollection"
            type="text"
            required
            autoComplete="off"
            spellCheck={false}
            className={cn(inputClasses, 'font-mono')}
            placeholder={collection.placeholder}
          />
        )}
      </Field>

      <Field
        id="new-provider-endpoint"
        label={<Optional label="Endpoint override" />}
        hint="A VPC endpoint, a sovereign cloud or a local emulator; empty for the cloud's default endpoint."
        errors={err('endpoint')}
      >
        {(control) => <input {...control} name="endpoint" type="text" autoComplete="off" spellCheck={false} className={cn(inputClasses, 'font-mono')} placeholder="https://…" />}
      </Field>

      {kind === 'awskms' && (
        <Field
          id="new-provider-sts-endpoint"
          label={<Optional label="STS endpoint" />}
          hint="Where roles and web identity are exchanged (an STS VPC endpoint, an emulator); empty for AWS_ENDPOINT_URL_STS or the regional STS."
          errors={err('stsEndpoint')}
        >
          {(control) => (
            <input
              {...control}
              name="stsEndpoint"
              type="text"
              autoComplete="off"
              spellCheck={false}
              className={cn(inputClasses, 'font-mono')}
              placeholder="https://sts.eu-west-1.amazonaws.com"
            />
          )}
        </Field>
      )}

      <CredentialFields key={kind} kind={kind} state={state} />

      <Field
        id="new-provider-ca"
        label={<Optional label="CA bundle" />}
        hint="PEM certificates trusted for this provider's endpoints (AWS: KMS and STS), in addition to the system's. AWS: empty uses the file named by AWS_CA_BUNDLE, if set."
        errors={err('caBundle')}
      >
        {(control) => <textarea {...control} name="caBundle" rows={4} spellCheck={false} className={textareaClasses} placeholder="-----BEGIN CERTIFICATE-----" />}
      </Field>

      <FormFooter errorId="new-provider-error" error={summary} submitLabel="Create provider" pending={busy} />
    </form>
  );
}
