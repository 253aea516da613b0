'use client';
import { useRouter } from 'next/navigation';
import { useId } from 'react';
import { rotateKeyAction } from '@/lib/actions/keys';
import { DisabledReason } from './disabled-reason';
import { UNREACHABLE } from './forms';
import { useToast } from './toast';
import { Button } from './ui/button';
import { ConfirmDialog } from './ui/confirm-dialog';

/**
 * Rotation cannot be undone (the new version becomes the one that encrypts and signs), so it asks
 * first. It rotates at once, or, when a policy asks for approval, files a request (the toast says which).
 */
export function RotateButton({ name, deniedReason }: { name: string; deniedReason?: string }) {
  const router = useRouter();
  const toast = useToast();
  const reasonId = useId();

  async function rotate(): Promise<string | void> {
    let result: Awaited<ReturnType<typeof rotateKeyAction>>;
    try {
      result = await rotateKeyAction(name);
    } catch {
      return UNREACHABLE;
    }
    if (!result.ok) return result.error;
    toast(result.message ?? (result.data.status === 'done' ? `Rotated "${name}".` : 'Approval needed: the request is pending.'));
    // Shows the new version, or the pending request on the key's page.
    router.refresh();
  }

  return (
    <span className="inline-flex flex-col items-end gap-1">
      <ConfirmDialog
        trigger={
          <Button disabled={Boolean(deniedReason)} aria-describedby={deniedReason ? reasonId : undefined}>
            <RotateIcon />
            Rotate
          </Button>
        }
        title={
          <>
            Rotate <span className="font-mono">{name}</span>?
          </>
        }
        confirmLabel="Rotate now"
        confirmVariant="primary"
        onConfirm={rotate}
      >
        <p>
          A new version is generated and becomes the one that encrypts and signs. Older versions still decrypt and verify while they are
          enabled. This cannot be undone.
        </p>
      </ConfirmDialog>
      <DisabledReason id={reasonId} reason={deniedReason} />
    </span>
  );
}

function RotateIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2.5v3h-3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
