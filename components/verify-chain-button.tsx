'use client';
import { useMutation } from '@tanstack/react-query';
import { verifyAuditChainAction } from '@/lib/actions/governance';
import { UNREACHABLE } from './forms';

/** Recomputes the audit log's hash chain on the server and says plainly whether it holds. */
export function VerifyChainButton() {
  const verify = useMutation({ mutationFn: () => verifyAuditChainAction() });
  const result = verify.data;
  return (
    <section className="verify-row" aria-label="Chain verification">
      <button type="button" className="btn" disabled={verify.isPending} onClick={() => verify.mutate()}>
        {verify.isPending && <span className="spinner" aria-hidden="true" />}
        Verify chain
      </button>
      <div aria-live="polite" className="verify-result" data-testid="chain-report">
        {verify.isPending ? (
          <span className="muted">Recomputing every event&apos;s hash…</span>
        ) : verify.isError ? (
          <p className="form-error">{UNREACHABLE}</p>
        ) : result && !result.ok ? (
          <p className="form-error">{result.error}</p>
        ) : result?.ok && result.data.ok ? (
          <p className="form-success" data-chain="intact">
            Chain intact: {result.data.checked} events verified.
          </p>
        ) : result?.ok ? (
          <p className="form-error" data-chain="broken">
            Chain broken at event #{result.data.firstBroken?.seq ?? '?'}: {result.data.firstBroken?.reason ?? 'unknown reason'}.{' '}
            {result.data.checked} events before it verified.
          </p>
        ) : (
          <span className="muted">Checks that no event was altered, removed or inserted since it was written.</span>
        )}
      </div>
    </section>
  );
}
