'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef } from 'react';
import { withdrawRequestAction } from '@/lib/actions/governance';
import { AWAITING_QUERY_KEY } from './awaiting-badge';
import { UNREACHABLE } from './forms';
import { useToast } from './toast';

/** The requester takes their pending request back (it ends `cancelled`; nobody can approve it). */
export function WithdrawButton({ requestId, number }: { requestId: string; number: number }) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  // A double click must not send a second withdrawal (the second would only be refused).
  const inFlight = useRef(false);
  const withdraw = useMutation({
    mutationFn: () => withdrawRequestAction(requestId),
    onSuccess: (result) => {
      if (result.ok) {
        toast(result.message ?? `Withdrew request #${number}.`);
        router.refresh();
      } else {
        toast(result.error, 'error');
      }
      void queryClient.invalidateQueries({ queryKey: AWAITING_QUERY_KEY });
    },
    onError: () => toast(UNREACHABLE, 'error'),
    onSettled: () => {
      inFlight.current = false;
    },
  });

  return (
    <div className="form-actions">
      <button
        type="button"
        className="btn"
        disabled={withdraw.isPending}
        aria-busy={withdraw.isPending || undefined}
        onClick={() => {
          if (inFlight.current) return;
          inFlight.current = true;
          withdraw.mutate();
        }}
      >
        {withdraw.isPending && <span className="spinner" aria-hidden="true" />}
        Withdraw request #{number}
      </button>
    </div>
  );
}
