'use client';
import { useActionState } from 'react';
import { updateKeyDetailsAction } from '@/lib/actions/keys';
import type { ActionResult } from '@/lib/actions/result';
import type { Performed } from '@/lib/operations/perform';
import type { DetailsUpdate } from '@/lib/keys/update-key-details';
import { KEY_DETAIL_LIMITS } from '@/lib/keys/detail-limits';
import { isAsymmetric, type KeyType } from '@/lib/keys/key-types';
import { CopyButton } from './copy-button';
import { fieldErrors, formError, submitKeepingValues } from './forms';
import { FormFooter } from './form-footer';
import { Card, CardBody, CardHeader } from './ui/card';
import { DescriptionList, DescriptionItem } from './ui/description-list';
import { Field, inputClasses } from './ui/field';

interface Props {
  keyId: string;
  name: string;
  type: KeyType;
  description: string;
  owner: string;
  tags: string[];
  latestVersion: number;
  /** "3 days": since the latest version was generated (computed on the server). */
  latestVersionAge: string;
  /** Set when the user's roles cannot edit the details: the form is shown read-only. */
  deniedReason?: string;
}

/** What operators look for first: the key id, how old its material is, and who it belongs to. */
export function KeyDetailsCard({ keyId, name, type, description, owner, tags, latestVersion, latestVersionAge, deniedReason }: Props) {
  const [state, formAction, pending] = useActionState<ActionResult<Performed<DetailsUpdate>> | null, FormData>(updateKeyDetailsAction, null);
  const summary = formError(state, ['description', 'owner', 'tags']);
  const symmetric = !isAsymmetric(type);

  return (
    <Card aria-labelledby="about-title" data-testid="key-about">
      <CardHeader id="about-title" title="About this key" />
      <DescriptionList>
        <DescriptionItem term="Key id" wide className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <code data-testid="key-id" className="break-all">{keyId}</code>
          <CopyButton text={keyId} label="Copy key id" />
        </DescriptionItem>
        <DescriptionItem term="Latest version age" data-testid="latest-version-age">
          {latestVersionAge} (version {latestVersion})
        </DescriptionItem>
        {symmetric && (
          <DescriptionItem term="Public key" wide data-testid="no-public-key">
            None: {type} is a symmetric key, so it has no public key or fingerprint.
          </DescriptionItem>
        )}
      </DescriptionList>
      <CardBody>
        <form action={formAction} onSubmit={submitKeepingValues(formAction)} noValidate className="flex flex-col gap-3" aria-describedby={summary ? 'about-error' : undefined}>
          <input type="hidden" name="name" value={name} />
          <fieldset disabled={Boolean(deniedReason)} className="flex min-w-0 flex-col gap-3">
            <Field id="key-description" label="Description" hint={`What the key is for; up to ${KEY_DETAIL_LIMITS.description} characters.`} errors={fieldErrors(state, 'description')}>
              {(control) => <textarea {...control} name="description" rows={2} defaultValue={description} className={`${inputClasses} h-auto py-1.5`} />}
            </Field>
            <Field id="key-owner" label="Owner" hint={`A team or person; up to ${KEY_DETAIL_LIMITS.owner} characters.`} errors={fieldErrors(state, 'owner')}>
              {(control) => <input {...control} name="owner" type="text" defaultValue={owner} autoComplete="off" className={inputClasses} />}
            </Field>
            <Field
              id="key-tags"
              label="Tags"
              hint={`Comma-separated, up to ${KEY_DETAIL_LIMITS.tags}; letters, digits and . _ : = - (stored in lower case). The keys list finds a key by a whole tag.`}
              errors={fieldErrors(state, 'tags')}
            >
              {(control) => <input {...control} name="tags" type="text" defaultValue={tags.join(', ')} autoComplete="off" spellCheck={false} className={inputClasses} />}
            </Field>
          </fieldset>
          <FormFooter
            errorId="about-error"
            error={summary}
            success={state?.ok && (state.message ?? 'Details saved.')}
            submitLabel="Save details"
            pending={pending}
            deniedReason={deniedReason}
          />
        </form>
      </CardBody>
    </Card>
  );
}

/** A version's SPKI SHA-256 fingerprint and the download of its public key as a PEM file. */
export function VersionFingerprint({ keyName, version, fingerprint }: { keyName: string; version: number; fingerprint: string | null }) {
  if (!fingerprint) return null;
  const href = `/api/keys/${encodeURIComponent(keyName)}/versions/${version}/public-key`;
  return (
    <div className="mt-2 flex min-w-0 flex-col gap-1 text-xs" data-testid={`fingerprint-${version}`}>
      <span>
        SHA-256 (SPKI): <code className="break-all" aria-label={`Fingerprint of version ${version}`}>{fingerprint}</code>
      </span>
      <a href={href} download>
        Download PEM (version {version})
      </a>
    </div>
  );
}
