'use client';
import { useActionState, useEffect } from 'react';
import { setPolicyAction } from '@/lib/actions/governance';
import type { ActionResult } from '@/lib/actions/result';
import { describedBy, fieldErrors, submitKeepingValues } from './forms';
import { useToast } from './toast';
import { buttonClasses } from './ui/button';
import { fieldClasses } from './ui/classes';
import { Spinner } from './ui/spinner';
import { inputClasses } from './ui/field';
import { cn } from './ui/cn';
import { Notice } from './ui/notice';

interface Props {
  operation: string;
  label: string;
  requiredApprovals: number;
  expiresAfterHours: number;
  defaults: { requiredApprovals: number; expiresAfterHours: number };
  editable: boolean;
}

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * One operation's policy. The row's inputs belong to a form in its last cell (the `form`
 * attribute): a <form> may not wrap table cells.
 */
export function PolicyRow({ operation, label, requiredApprovals, expiresAfterHours, defaults, editable }: Props) {
  const [state, formAction, pending] = useActionState<ActionResult<unknown> | null, FormData>(setPolicyAction, null);
  const toast = useToast();
  useEffect(() => {
    if (state?.ok) toast(`${label}: ${state.message ?? 'policy saved.'}`);
  }, [state, toast, label]);

  const formId = `policy-${operation}`;
  const approvalErrors = fieldErrors(state, 'requiredApprovals');
  const expiryErrors = fieldErrors(state, 'expiresAfterHours');
  const error = state && !state.ok ? state.error : undefined;
  const isDefault = requiredApprovals === defaults.requiredApprovals && expiresAfterHours === defaults.expiresAfterHours;

  return (
    <tr data-operation={operation}>
      <th scope="row" className="font-normal">
        <span className="font-semibold">{label}</span>
        <code className="whitespace-nowrap rounded bg-surface-hover px-1.5 py-px text-xs text-fg mt-0.5 table">{operation}</code>
      </th>
      <td>
        {editable ? (
          <div className={fieldClasses}>
            <input
              form={formId}
              name="requiredApprovals"
              type="number"
              inputMode="numeric"
              min={0}
              max={10}
              step={1}
              required
              defaultValue={requiredApprovals}
              className={cn(inputClasses, 'max-w-[140px]')}
              aria-label={`Required approvals for ${operation}`}
              aria-invalid={approvalErrors ? true : undefined}
              aria-describedby={describedBy(approvalErrors && `${formId}-error`)}
            />
          </div>
        ) : (
          <span data-testid="required-approvals">{requiredApprovals === 0 ? 'None: runs at once' : plural(requiredApprovals, 'approval', 'approvals')}</span>
        )}
      </td>
      <td>
        {editable ? (
          <div className="flex items-center gap-2">
            <input
              form={formId}
              name="expiresAfterHours"
              type="number"
              inputMode="numeric"
              min={1}
              max={720}
              step={1}
              required
              defaultValue={expiresAfterHours}
              className={cn(inputClasses, 'max-w-[140px]')}
              aria-label={`Expiry in hours for ${operation}`}
              aria-invalid={expiryErrors ? true : undefined}
              aria-describedby={describedBy(expiryErrors && `${formId}-error`)}
            />
            <span className="text-fg-muted">hours</span>
          </div>
        ) : (
          plural(expiresAfterHours, 'hour', 'hours')
        )}
      </td>
      <td className="text-fg-muted">
        {isDefault ? (
          <span className="inline-block whitespace-nowrap rounded-full border border-border-muted bg-surface-hover px-2 text-xs font-medium leading-[18px] text-fg-muted">Default</span>
        ) : (
          <>
            {plural(defaults.requiredApprovals, 'approval', 'approvals')}, {plural(defaults.expiresAfterHours, 'hour', 'hours')}
          </>
        )}
      </td>
      {editable && (
        <td className="whitespace-nowrap">
          <form id={formId} action={formAction} onSubmit={submitKeepingValues(formAction)} noValidate aria-label={`Policy for ${operation}`}>
            <input type="hidden" name="operation" value={operation} />
            <button type="submit" className={buttonClasses({ size: 'sm' })} disabled={pending} aria-label={`Save policy for ${operation}`}>
              {pending && <Spinner />}
              Save
            </button>
          </form>
          <div aria-live="polite">
            {error && (
              <Notice tone="error" size="sm" className="mt-1.5" id={`${formId}-error`}>
                {error}
              </Notice>
            )}
          </div>
        </td>
      )}
    </tr>
  );
}
