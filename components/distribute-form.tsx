'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useActionState, useEffect, useState } from 'react';
import { distributeKeyAction } from '@/lib/actions/distributions';
import type { ActionResult } from '@/lib/actions/result';
import type { KeyType } from '@/lib/keys/key-types';
import type { Performed } from '@/lib/operations/perform';
import { capabilityOf, PROVIDER_KIND_LABELS, refusal, type Protection, type ProviderKind, type Purpose } from '@/lib/providers/capabilities';
import { distributionsQueryKey } from './distribution-state';
import { describedBy, FieldError, fieldErrors, formError, submitKeepingValues } from './forms';
import { RequestedNotice } from './requested-notice';
import { useToast } from './toast';
import { Button } from './ui/button';
import { choiceClasses, fieldClasses } from './ui/classes';
import { Spinner } from './ui/spinner';
import { inputClasses } from './ui/field';
import { Notice } from './ui/notice';

export interface ProviderChoice {
  name: string;
  kind: ProviderKind;
}

interface Option {
  provider: ProviderChoice;
  /** Why this provider cannot take this key, when it cannot. */
  reason: string | null;
  purposeSets: readonly (readonly Purpose[])[];
  subsets: boolean;
  protections: Protection[];
}

/** What the capability matrix allows for this key in each provider (the one source: capabilityOf and refusal). */
function optionsFor(type: KeyType, providers: ProviderChoice[], holders: ReadonlySet<string>): Option[] {
  return providers.map((provider) => {
    const empty = { provider, purposeSets: [], subsets: false, protections: [] };
    if (holders.has(provider.name)) return { ...empty, reason: 'Already holds this key (purposes and protection are fixed once distributed).' };
    const answer = capabilityOf(provider.kind, type);
    if (!answer.ok) return { ...empty, reason: answer.reason };
    const { purposeSets, subsets, protections } = answer.capability;
    const allowedSets = purposeSets.filter((set) => protections.some((p) => refusal(provider.kind, type, set, p) === null));
    const allowedProtections = protections.filter((p) => purposeSets.some((set) => refusal(provider.kind, type, set, p) === null));
    if (allowedSets.length === 0 || allowedProtections.length === 0) return { ...empty, reason: refusal(provider.kind, type, purposeSets[0] ?? [], protections[0] ?? 'hsm') };
    return { provider, reason: null, purposeSets: allowedSets, subsets, protections: allowedProtections };
  });
}

interface Props {
  keyName: string;
  keyType: KeyType;
  providers: ProviderChoice[];
  /** Providers holding the key already (not removed). */
  holders: string[];
}

const SHOWN = ['provider', 'purposes', 'protection'];

/** Distribute: a provider the matrix allows, purposes and protection from the matrix; the list above starts polling. */
export function DistributeForm({ keyName, keyType, providers, holders }: Props) {
  const [state, formAction, pending] = useActionState<ActionResult<Performed<unknown>> | null, FormData>(distributeKeyAction, null);
  const toast = useToast();
  const queryClient = useQueryClient();
  const options = optionsFor(keyType, providers, new Set(holders));
  const usable = options.filter((o) => !o.reason);
  const [chosen, setChosen] = useState<string>(usable[0]?.provider.name ?? '');
  const option = usable.find((o) => o.provider.name === chosen) ?? usable[0];

  useEffect(() => {
    if (!state) return;
    if (state.ok) {
      toast(state.message ?? 'Distribution started.');
      void queryClient.invalidateQueries({ queryKey: distributionsQueryKey(keyName) });
    }
  }, [state, toast, queryClient, keyName]);

  const providerErrors = fieldErrors(state, 'provider');
  const purposeErrors = fieldErrors(state, 'purposes');
  const protectionErrors = fieldErrors(state, 'protection');
  const summary = formError(state, SHOWN);
  const requested = state?.ok && state.data.status === 'requested' ? state.data.request : null;

  if (providers.length === 0) {
    return <p className="text-fg-muted">No providers yet: an admin adds them on the Providers page.</p>;
  }

  return (
    <form
      action={formAction}
      onSubmit={submitKeepingValues(formAction)}
      noValidate
      className="flex max-w-[560px] flex-col gap-4"
      aria-label="Distribute"
      aria-describedby={summary ? 'distribute-error' : undefined}
    >
      <input type="hidden" name="key" value={keyName} />
      <div className={fieldClasses}>
        <label htmlFor="distribute-provider">Provider</label>
        <select
          className={inputClasses}
          id="distribute-provider"
          name="provider"
          value={option?.provider.name ?? ''}
          onChange={(e) => setChosen(e.target.value)}
          disabled={usable.length === 0}
          aria-invalid={providerErrors ? true : undefined}
          aria-describedby={describedBy(options.some((o) => o.reason) && 'distribute-provider-hint', providerErrors && 'distribute-provider-error')}
        >
          {options.map((o) => (
            <option key={o.provider.name} value={o.provider.name} disabled={Boolean(o.reason)}>
              {o.provider.name} ({PROVIDER_KIND_LABELS[o.provider.kind]}){o.reason ? ' — unavailable' : ''}
            </option>
          ))}
        </select>
        {options.some((o) => o.reason) && (
          <ul id="distribute-provider-hint" className="m-0 pl-4 text-xs text-fg-muted">
            {options
              .filter((o) => o.reason)
              .map((o) => (
                <li key={o.provider.name}>
                  <span className="font-mono">{o.provider.name}</span>: {o.reason}
                </li>
              ))}
          </ul>
        )}
        <FieldError id="distribute-provider-error" messages={providerErrors} />
      </div>

      {option && <Choices key={option.provider.name} option={option} keyType={keyType} purposeErrors={purposeErrors} protectionErrors={protectionErrors} />}

      <div aria-live="polite">
        {summary && (
          <Notice tone="error" id="distribute-error">
            {summary}
          </Notice>
        )}
        {requested && state?.ok && <RequestedNotice message={state.message ?? `Approval needed: request #${requested.number} is pending.`} requests={[requested]} />}
      </div>

      <div className="flex items-center gap-2">
        <Button type="submit" variant="primary" disabled={pending || !option}>
          {pending && <Spinner />}
          Distribute
        </Button>
      </div>
    </form>
  );
}

function Choices({ option, keyType, purposeErrors, protectionErrors }: { option: Option; keyType: KeyType; purposeErrors?: string[]; protectionErrors?: string[] }) {
  const { provider, purposeSets, subsets, protections } = option;
  const union = [...new Set(purposeSets.flat())];
  const [picked, setPicked] = useState<Purpose[]>(subsets ? union : [...(purposeSets[0] ?? [])]);
  const [protection, setProtection] = useState<Protection>(protections[0]!);
  const why = refusal(provider.kind, keyType, picked, protection);

  return (
    <>
      <fieldset className={fieldClasses} aria-describedby={describedBy('distribute-purposes-hint', purposeErrors && 'distribute-purposes-error')}>
        <legend>Purposes</legend>
        <div className="flex flex-wrap gap-5">
          {subsets
            ? union.map((p) => (
                <label key={p} className={choiceClasses}>
                  <input
                    type="checkbox"
                    name="purposes"
                    value={p}
                    checked={picked.includes(p)}
                    onChange={(e) => setPicked((now) => (e.target.checked ? [...now, p] : now.filter((x) => x !== p)))}
                  />
                  {p}
                </label>
              ))
            : purposeSets.map((set) => {
                const value = set.join('+');
                return (
                  <label key={value} className={choiceClasses}>
                    <input type="radio" name="purposes" value={value} checked={picked.join('+') === value} onChange={() => setPicked([...set])} />
                    {set.join(' + ')}
                  </label>
                );
              })}
        </div>
        <p id="distribute-purposes-hint" className="text-xs text-fg-muted">
          {subsets ? 'Any of these operations; fixed once distributed.' : `${PROVIDER_KIND_LABELS[provider.kind]} takes exactly one of these sets; fixed once distributed.`}
        </p>
        <FieldError id="distribute-purposes-error" messages={purposeErrors ?? (why && picked.length === 0 ? [why] : undefined)} />
      </fieldset>

      <fieldset className={fieldClasses} aria-describedby={describedBy(protections.length > 1 && 'distribute-protection-hint', protectionErrors && 'distribute-protection-error')}>
        <legend>Protection</legend>
        <div className="flex flex-wrap gap-5">
          {protections.map((p) => (
            <label key={p} className={choiceClasses}>
              <input type="radio" name="protection" value={p} checked={protection === p} onChange={() => setProtection(p)} />
              {p === 'hsm' ? 'HSM' : 'Software'}
            </label>
          ))}
        </div>
        {protections.length > 1 && (
          <p id="distribute-protection-hint" className="text-xs text-fg-muted">
            {provider.kind === 'azurekeyvault'
              ? 'HSM: imported into an HSM-backed key through BYOK (needs a Premium vault or a Managed HSM). Software: a software-protected key. Fixed once distributed.'
              : 'Fixed once distributed.'}
          </p>
        )}
        <FieldError id="distribute-protection-error" messages={protectionErrors} />
      </fieldset>
    </>
  );
}
