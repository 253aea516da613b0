'use client';
import { useActionState, useEffect } from 'react';
import { setPolicyAction } from '@/lib/actions/governance';
import type { ActionResult } from '@/lib/actions/result';
import { describedBy, fieldErrors, submitKeepingValues } from './forms';
import { useToast } from './toast';

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
      <th scope="row" className="cell-label">
        <span className="strong">{label}</span>
        <code className="type-code cell-sub-code">{operation}</code>
      </th>
      <td>
        {editable ? (
          <div className="field">
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
              className="input-narrow"
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
          <div className="input-with-unit">
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
              className="input-narrow"
              aria-label={`Expiry in hours for ${operation}`}
              aria-invalid={expiryErrors ? true : undefined}
              aria-describedby={describedBy(expiryErrors && `${formId}-error`)}
            />
            <span className="muted">hours</span>
          </div>
        ) : (
          plural(expiresAfterHours, 'hour', 'hours')
        )}
      </td>
      <td className="muted">
        {isDefault ? (
          <span className="badge badge-muted">Default</span>
        ) : (
          <>
            {plural(defaults.requiredApprovals, 'approval', 'approvals')}, {plural(defaults.expiresAfterHours, 'hour', 'hours')}
          </>
        )}
      </td>
      {editable && (
        <td className="cell-actions">
          <form id={formId} action={formAction} onSubmit={submitKeepingValues(formAction)} noValidate aria-label={`Policy for ${operation}`}>
            <input type="hidden" name="operation" value={operation} />
            <button type="submit" className="btn btn-sm" disabled={pending} aria-label={`Save policy for ${operation}`}>
              {pending && <span className="spinner" aria-hidden="true" />}
              Save
            </button>
          </form>
          <div aria-live="polite">
            {error && (
              <p id={`${formId}-error`} className="form-error form-error-sm">
                {error}
              </p>
            )}
          </div>
        </td>
      )}
    </tr>
  );
}
