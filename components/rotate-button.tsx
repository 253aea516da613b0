'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef } from 'react';
import { rotateKeyAction } from '@/lib/actions/keys';
import { UNREACHABLE } from './forms';
import { useToast } from './toast';

/** Rotates at once, or, when a policy asks for approval, files a request (the toast says which). */
export function RotateButton({ name, deniedReason }: { name: string; deniedReason?: string }) {
  const router = useRouter();
  const toast = useToast();
  // `isPending` reaches the button only after a re-render; this ref closes the gap, so a double
  // click (or a click landing before the re-render) never sends a second rotation.
  const inFlight = useRef(false);
  const rotate = useMutation({
    mutationFn: () => rotateKeyAction(name),
    onSuccess: (result) => {
      if (result.ok) {
        toast(result.message ?? (result.data.status === 'done' ? `Rotated "${name}".` : 'Approval needed: the request is pending.'));
        // Shows the new version, or the pending request on the key's page.
        router.refresh();
      } else {
        toast(result.error, 'error');
      }
    },
    onError: () => toast(UNREACHABLE, 'error'),
    onSettled: () => {
      inFlight.current = false;
    },
  });

  return (
    <button
      type="button"
      className="btn"
      disabled={rotate.isPending || Boolean(deniedReason)}
      title={deniedReason}
      aria-busy={rotate.isPending || undefined}
      onClick={() => {
        if (inFlight.current) return;
        inFlight.current = true;
        rotate.mutate();
      }}
    >
      {rotate.isPending ? <span className="spinner" aria-hidden="true" /> : <RotateIcon />}
      Rotate
    </button>
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
