'use client';
import { useState, type ReactNode } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import type { ProviderKind } from '@/lib/providers/capabilities';
import { CREDENTIAL_FORMS } from './credential-forms';
import { describedBy, FieldError, fieldErrors } from './forms';
import { choiceClasses, fieldClasses } from './ui/classes';
import { Field, inputClasses } from './ui/field';
import { cn } from './ui/cn';

type Result = ActionResult<unknown> | null;

function TextField({
  id,
  name,
  label,
  state,
  hint,
  secret = false,
  optional = false,
  placeholder,
}: {
  id: string;
  name: string;
  label: string;
  state: Result;
  hint?: string;
  secret?: boolean;
  optional?: boolean;
  placeholder?: string;
}) {
  return (
    <Field id={id} label={optional ? <Optional label={label} /> : label} hint={hint} errors={fieldErrors(state, name)}>
      {(control) => (
        <input
          {...control}
          name={name}
          type={secret ? 'password' : 'text'}
          autoComplete={secret ? 'new-password' : 'off'}
          spellCheck={false}
          className={cn(inputClasses, 'font-mono')}
          placeholder={placeholder}
        />
      )}
    </Field>
  );
}

/** A field's label marked optional. */
export function Optional({ label }: { label: string }) {
  return (
    <>
      {label}
      <span className="font-normal text-fg-muted"> (optional)</span>
    </>
  );
}

/** The fields of the chosen credential form, set off under its radio button. */
function Nested({ children }: { children: ReactNode }) {
  return <div className="mt-3 flex flex-col gap-4 border-l-2 border-border-muted pl-3">{children}</div>;
}

/**
 * The credentials radio group and the fields of the chosen form only. Secrets are write-only: in
 * an edit (`current` given) nothing is pre-filled, and "keep" leaves the stored values as they are.
 */
export function CredentialFields({ kind, state, current }: { kind: ProviderKind; state: Result; current?: { form: string } | null }) {
  const editing = current !== undefined;
  const [chosen, setChosen] = useState(editing ? 'keep' : 'default');
  const forms = CREDENTIAL_FORMS[kind];
  const errors = fieldErrors(state, 'credentials');
  const currentLabel = current ? (forms.find((f) => f.form === current.form)?.label ?? current.form) : null;
  const options = editing
    ? [
        { form: 'keep', label: current ? `Keep the stored ${currentLabel?.toLowerCase()}` : `Keep the ${forms[0]!.label}`, hint: current ? 'Set — enter new values to replace.' : 'No credentials are stored.' },
        ...forms.filter((f) => f.form !== 'default' || current).map((f) =>
          f.form === 'default' ? { ...f, label: `Revert to the ${f.label}`, hint: `Deletes the stored credentials. ${f.hint}` } : { ...f, label: current?.form === f.form ? `Replace the ${f.label.toLowerCase()}` : f.label },
        ),
      ]
    : forms;
  const idp = editing ? 'edit-provider' : 'new-provider';

  return (
    <fieldset className={fieldClasses} aria-describedby={describedBy(errors && `${idp}-credentials-error`)}>
      <legend>Credentials</legend>
      <div className="flex flex-col gap-2">
        {options.map((option) => (
          <div key={option.form} className="flex flex-col gap-0.5">
            <label className={choiceClasses}>
              <input
                type="radio"
                name="credentialForm"
                value={option.form}
                checked={chosen === option.form}
                onChange={() => setChosen(option.form)}
                aria-describedby={`${idp}-credentials-${option.form}-hint`}
              />
              <span className="font-semibold">{option.label}</span>
            </label>
            <p id={`${idp}-credentials-${option.form}-hint`} className="text-xs text-fg-muted ml-[19px]">
              {option.hint}
            </p>
          </div>
        ))}
      </div>
      <FieldError id={`${idp}-credentials-error`} messages={errors} />
      {chosen === 'static' && (
        <Nested>
          <TextField id={`${idp}-access-key-id`} name="accessKeyId" label="Access key id" state={state} placeholder="AKIA…" />
          <TextField id={`${idp}-secret-access-key`} name="secretAccessKey" label="Secret access key" state={state} secret />
          <TextField id={`${idp}-session-token`} name="sessionToken" label="Session token" state={state} secret optional hint="Only for temporary credentials (STS)." />
        </Nested>
      )}
      {chosen === 'assume_role' && <AssumeRoleFields idp={idp} state={state} />}
      {chosen === 'web_identity' && <WebIdentityFields idp={idp} state={state} />}
      {chosen === 'profile' && (
        <Nested>
          <TextField id={`${idp}-profile`} name="profile" label="Profile" state={state} placeholder="keywarden" />
          <TextField id={`${idp}-credentials-file`} name="credentialsFile" label="Credentials file" state={state} optional placeholder="/etc/keywarden/aws/credentials" hint="Absolute path on the server; empty for ~/.aws/credentials (or AWS_SHARED_CREDENTIALS_FILE)." />
          <TextField id={`${idp}-config-file`} name="configFile" label="Config file" state={state} optional placeholder="/etc/keywarden/aws/config" hint="Absolute path on the server; empty for ~/.aws/config (or AWS_CONFIG_FILE)." />
        </Nested>
      )}
      {chosen === 'client_secret' && (
        <Nested>
          <TextField id={`${idp}-tenant-id`} name="tenantId" label="Tenant id" state={state} />
          <TextField id={`${idp}-client-id`} name="clientId" label="Client id" state={state} />
          <TextField id={`${idp}-client-secret`} name="clientSecret" label="Client secret" state={state} secret />
          <Field id={`${idp}-cloud`} label="Cloud" errors={fieldErrors(state, 'cloud')}>
            {(control) => (
              <select {...control} name="cloud" defaultValue="public" className={inputClasses}>
                <option value="public">Azure public cloud</option>
                <option value="usgov">Azure US Government</option>
                <option value="china">Azure China</option>
              </select>
            )}
          </Field>
        </Nested>
      )}
    </fieldset>
  );
}

/** A radio pair inside a form's fields (which source, which token). */
function Choice({ name, value, options, onChange }: { name: string; value: string; options: { value: string; label: string }[]; onChange: (v: string) => void }) {
  return (
    <div className="flex flex-wrap gap-5">
      {options.map((o) => (
        <label key={o.value} className={choiceClasses}>
          <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
          {o.label}
        </label>
      ))}
    </div>
  );
}

function AssumeRoleFields({ idp, state }: { idp: string; state: Result }) {
  const [source, setSource] = useState('default_chain');
  return (
    <Nested>
      <TextField id={`${idp}-role-arn`} name="roleArn" label="Role ARN" state={state} placeholder="arn:aws:iam::123456789012:role/keywarden" />
      <TextField id={`${idp}-external-id`} name="externalId" label="External id" state={state} secret optional hint="Write-only, like the keys: required when the role's trust policy asks for sts:ExternalId." />
      <TextField id={`${idp}-session-name`} name="sessionName" label="Session name" state={state} optional hint="Shown in CloudTrail; default keywarden-<provider name>." />
      <fieldset className={fieldClasses}>
        <legend>Credentials that assume the role</legend>
        <Choice name="assumeRoleSource" value={source} onChange={setSource} options={[{ value: 'default_chain', label: 'SDK default chain' }, { value: 'keys', label: 'Access key' }]} />
        <FieldError id={`${idp}-source-error`} messages={fieldErrors(state, 'source')} />
      </fieldset>
      {source === 'keys' && (
        <>
          <TextField id={`${idp}-source-access-key-id`} name="sourceAccessKeyId" label="Access key id" state={state} placeholder="AKIA…" />
          <TextField id={`${idp}-source-secret-access-key`} name="sourceSecretAccessKey" label="Secret access key" state={state} secret />
          <TextField id={`${idp}-source-session-token`} name="sourceSessionToken" label="Session token" state={state} secret optional />
        </>
      )}
    </Nested>
  );
}

function WebIdentityFields({ idp, state }: { idp: string; state: Result }) {
  const [token, setToken] = useState('file');
  return (
    <Nested>
      <TextField id={`${idp}-web-role-arn`} name="roleArn" label="Role ARN" state={state} placeholder="arn:aws:iam::123456789012:role/keywarden" />
      <TextField id={`${idp}-web-session-name`} name="sessionName" label="Session name" state={state} optional hint="Default keywarden-<provider name>." />
      <fieldset className={fieldClasses}>
        <legend>OIDC token</legend>
        <Choice name="tokenSource" value={token} onChange={setToken} options={[{ value: 'file', label: 'Token file' }, { value: 'command', label: 'Token command' }]} />
      </fieldset>
      {token === 'file' ? (
        <TextField id={`${idp}-token-file`} name="tokenFile" label="Token file" state={state} placeholder="/var/run/secrets/eks.amazonaws.com/serviceaccount/token" hint="Absolute path on the server; read again at every refresh." />
      ) : (
        <TextField
          id={`${idp}-token-command`}
          name="tokenCommand"
          label="Token command"
          state={state}
          placeholder="/usr/local/bin/get-oidc-token --audience sts.amazonaws.com"
          hint="Run without a shell at every refresh (10 s limit); its output is the token. Words split on spaces; quote a word that holds spaces."
        />
      )}
    </Nested>
  );
}
