import type { ReactNode } from 'react';
import { cn } from './cn';

/** What a Field hands its control: the id its label points at and the aria wiring of hint and error. */
export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

/** The classes of a text input or select without a width (add one: `w-56`, `w-auto`). */
export const inputBase = cn(
  'h-8 min-w-0 rounded-md border border-border bg-surface px-2.5 text-sm text-fg',
  'placeholder:text-fg-muted focus:border-accent focus:shadow-[var(--focus)] focus:outline-none',
  'aria-invalid:border-danger disabled:cursor-not-allowed disabled:bg-surface-muted disabled:opacity-70',
);

/** A text input or select as wide as its form. */
export const inputClasses = cn(inputBase, 'w-full');

/**
 * One form field: label, the control, a hint and the field's first error (zod reports every
 * failed check; one message is enough), with aria-describedby and aria-invalid set on the control.
 */
export function Field({
  id,
  label,
  hint,
  errors,
  inline = false,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  /** Label beside the control (filters) instead of above it. */
  inline?: boolean;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const error = errors?.[0];
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cn('flex min-w-0 gap-1', inline ? 'flex-row flex-wrap items-center gap-2' : 'flex-col', className)}>
      <label htmlFor={id} className="text-sm font-semibold">
        {label}
      </label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint && (
        <p id={hintId} className="text-xs text-fg-muted">
          {hint}
        </p>
      )}
      {error && <FieldMessage id={errorId!}>{error}</FieldMessage>}
    </div>
  );
}

/** A field's error line, for controls that are not one Field (radio groups, fieldsets). */
export function FieldMessage({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="text-xs font-medium text-danger">
      {children}
    </p>
  );
}
