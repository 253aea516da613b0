'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { withdrawRequestAction } from '@/lib/actions/governance';
import { AWAITING_QUERY_KEY } from './awaiting-badge';
import { UNREACHABLE } from './forms';
import { useToast } from './toast';

/**
 * The requester takes their pending request back (it ends `cancelled`; nobody can approve it).
 * `compact` (a table row) shows "Withdraw"; the button's name still says which request.
 */
export function WithdrawButton({ requestId, number, compact = false }: { requestId: string; number: number; compact?: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  // A double click must not send a second withdrawal (the second would only be refused).
  const inFlight = useRef(false);
  const withdraw = useMutation({
    mutationFn: () => withdrawRequestAction(requestId),
    onSettled: () => {
      inFlight.current = false;
      void queryClient.invalidateQueries({ queryKey: AWAITING_QUERY_KEY });
    },
  });

  /** The refusal, if any, shown in the dialog. */
  async function run(): Promise<string | undefined> {
    if (inFlight.current) return;
    inFlight.current = true;
    const result = await withdraw.mutateAsync().catch(() => null);
    if (!result) return UNREACHABLE;
    if (!result.ok) return result.error;
    toast(result.message ?? `Withdrew request #${number}.`);
    router.refresh();
  }

  return (
    <ConfirmDialog
      trigger={
        <Button size={compact ? 'sm' : 'md'} disabled={withdraw.isPending}>
          Withdraw<span className={compact ? 'sr-only' : undefined}> request #{number}</span>
        </Button>
      }
      title={`Withdraw request #${number}?`}
      confirmLabel={`Withdraw request #${number}`}
      confirmVariant="primary"
      onConfirm={run}
    >
      Nobody can approve it after this; the operation does not run. You can ask again later.
    </ConfirmDialog>
  );
}
