'use client';
import { useActionState, useEffect } from 'react';
import { setPolicyAction } from '@/lib/actions/governance';
import type { ActionResult } from '@/lib/actions/result';
import { FormOutcome } from './form-outcome';
import { describedBy, fieldErrors, submitKeepingValues } from './forms';
import { SubmitButton } from './submit-button';
import { useToast } from './toast';
import { Badge } from './ui/badge';
import { cn } from './ui/cn';
import { Code } from './ui/code';
import { inputClasses } from './ui/field';

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

/** One of a policy's numbers; its error is the row's message (`errorId`), shown once in the last cell. */
function PolicyNumberInput({
  form,
  name,
  label,
  min,
  max,
  value,
  errorId,
}: {
  form: string;
  name: string;
  label: string;
  min: number;
  max: number;
  value: number;
  errorId?: string;
}) {
  return (
    <input
      form={form}
      name={name}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      step={1}
      required
      defaultValue={value}
      className={cn(inputClasses, 'max-w-[140px]')}
      aria-label={label}
      aria-invalid={errorId ? true : undefined}
      aria-describedby={describedBy(errorId)}
    />
  );
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
        <Code className="mt-0.5 block w-fit">{operation}</Code>
      </th>
      <td>
        {editable ? (
          <PolicyNumberInput
            form={formId}
            name="requiredApprovals"
            label={`Required approvals for ${operation}`}
            min={0}
            max={10}
            value={requiredApprovals}
            errorId={approvalErrors && `${formId}-error`}
          />
        ) : (
          <span data-testid="required-approvals">{requiredApprovals === 0 ? 'None: runs at once' : plural(requiredApprovals, 'approval', 'approvals')}</span>
        )}
      </td>
      <td>
        {editable ? (
          <div className="flex items-center gap-2">
            <PolicyNumberInput
              form={formId}
              name="expiresAfterHours"
              label={`Expiry in hours for ${operation}`}
              min={1}
              max={720}
              value={expiresAfterHours}
              errorId={expiryErrors && `${formId}-error`}
            />
            <span className="text-fg-muted">hours</span>
          </div>
        ) : (
          plural(expiresAfterHours, 'hour', 'hours')
        )}
      </td>
      <td className="text-fg-muted">
        {isDefault ? (
          <Badge tone="muted">Default</Badge>
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
            <SubmitButton size="sm" pending={pending} aria-label={`Save policy for ${operation}`}>
              Save
            </SubmitButton>
          </form>
          <FormOutcome errorId={`${formId}-error`} error={error} />
        </td>
      )}
    </tr>
  );
}
