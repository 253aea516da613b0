import type { ComponentProps } from 'react';
import { Button } from './ui/button';
import { Spinner } from './ui/spinner';

/** A form's submit button: disabled, with a spinner beside its label, while the form is sent. */
export function SubmitButton({ pending, children, ...props }: Omit<ComponentProps<typeof Button>, 'type' | 'disabled'> & { pending: boolean }) {
  return (
    <Button type="submit" disabled={pending} {...props}>
      {pending && <Spinner />}
      {children}
    </Button>
  );
}
