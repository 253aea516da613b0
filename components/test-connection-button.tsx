'use client';
import { useMutation } from '@tanstack/react-query';
import { useRef } from 'react';
import { testProviderAction } from '@/lib/actions/providers';
import { UNREACHABLE } from './forms';
import { useToast } from './toast';

/** Harmless read-only calls against the provider; the result stays on the page, the provider's own words on failure. */
export function TestConnectionButton({ name, deniedReason }: { name: string; deniedReason?: string }) {
  const toast = useToast();
  const inFlight = useRef(false);
  const test = useMutation({
    mutationFn: () => testProviderAction(name),
    onSuccess: (result) => {
      if (!result.ok) toast(result.error, 'error');
    },
    onError: () => toast(UNREACHABLE, 'error'),
    onSettled: () => {
      inFlight.current = false;
    },
  });
  const report = test.data?.ok ? test.data.data : null;

  return (
    <div className="stack-sm">
      <div>
        <button
          type="button"
          className="btn"
          disabled={test.isPending || Boolean(deniedReason)}
          title={deniedReason}
          aria-busy={test.isPending || undefined}
          onClick={() => {
            if (inFlight.current) return;
            inFlight.current = true;
            test.mutate();
          }}
        >
          {test.isPending && <span className="spinner" aria-hidden="true" />}
          Test connection
        </button>
      </div>
      {deniedReason && <p className="hint">{deniedReason}</p>}
      {/* Our own alert region (not role="alert": Next's route announcer already has that role). */}
      <div aria-live="assertive" data-testid="connection-report">
        {report &&
          (report.ok ? (
            <p className="form-success">Connected. {report.detail}</p>
          ) : (
            <div className="form-error stack-sm">
              <p>
                <strong>Connection failed:</strong> <code className="mono">{report.error?.code ?? 'error'}</code> {report.error?.message}
              </p>
              {report.error?.permission && (
                <p>
                  Refused permission: <code className="mono">{report.error.permission}</code>
                </p>
              )}
              <p className="hint">{report.detail}</p>
            </div>
          ))}
      </div>
    </div>
  );
}
