'use client';
import { Toaster as Sonner } from 'sonner';

/** sonner's toaster in the theme's colours; follows the `dark` class through CSS variables. */
export function Toaster() {
  return (
    <Sonner
      position="bottom-right"
      closeButton
      containerAriaLabel="Notifications"
      toastOptions={{
        classNames: {
          toast: '!border-border !bg-surface !text-fg !shadow-overlay !font-sans',
          error: '!border-danger-border !text-danger',
          success: '!text-fg',
          closeButton: '!border-border !bg-surface !text-fg-muted',
        },
      }}
    />
  );
}
