'use client';
import { useMutation } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import { verifyAuditChainAction } from '@/lib/actions/governance';
import type { ChainReport } from '@/lib/audit/verify-chain';
import { UNREACHABLE } from './forms';

const count = (n: number) => n.toLocaleString('en-US');

/** What the signed checkpoints outside the database say (lib/audit/checkpoints.ts). */
function CheckpointsLine({ checkpoints }: { checkpoints: ChainReport['checkpoints'] }) {
  if (!checkpoints) return <p className="text-fg-muted" data-testid="chain-checkpoints">No checkpoint log was read.</p>;
  const { valid, invalid, latest } = checkpoints;
  return (
    <p className={invalid > 0 ? 'text-danger' : 'text-fg-muted'} data-testid="chain-checkpoints">
      Checkpoints: {count(valid)} signed {valid === 1 ? 'checkpoint' : 'checkpoints'}
      {latest ? `, the latest at event #${latest.seq}` : ''}
      {invalid > 0 ? `; ${count(invalid)} with a bad signature or unreadable` : ''}.
    </p>
  );
}

/** Recomputes the audit log's hash chain on the server and says plainly whether it holds. */
export function VerifyChainButton() {
  const verify = useMutation({ mutationFn: () => verifyAuditChainAction() });
  const result = verify.data;
  return (
    <section className="flex flex-wrap items-start gap-3" aria-label="Chain verification">
      <Button disabled={verify.isPending} onClick={() => verify.mutate()}>
        {verify.isPending && <Spinner />}
        Verify chain
      </Button>
      <div aria-live="polite" className="min-w-0 flex-1 text-sm" data-testid="chain-report">
        {verify.isPending ? (
          <span className="text-fg-muted">Recomputing every event&apos;s hash…</span>
        ) : verify.isError ? (
          <p className="text-danger">{UNREACHABLE}</p>
        ) : result && !result.ok ? (
          <p className="text-danger">{result.error}</p>
        ) : result?.ok ? (
          <>
            {result.data.ok ? (
              <p className="font-medium text-success" data-chain="intact">
                Chain intact: {count(result.data.checked)} events verified.
              </p>
            ) : (
              <p className="font-medium text-danger" data-chain="broken">
                Chain broken at event #{result.data.firstBroken?.seq ?? '?'}: {result.data.firstBroken?.reason ?? 'unknown reason'}.{' '}
                {count(result.data.checked)} events checked
                {result.data.brokenCount > 1 ? `, ${count(result.data.brokenCount)} breaks in all` : ''}.
              </p>
            )}
            <CheckpointsLine checkpoints={result.data.checkpoints} />
          </>
        ) : (
          <span className="text-fg-muted">Checks that no event was altered, removed or inserted since it was written, and against the signed checkpoints.</span>
        )}
      </div>
    </section>
  );
}
