'use client';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef } from 'react';
import { testProviderAction } from '@/lib/actions/providers';
import { DisabledReason } from './disabled-reason';
import { UNREACHABLE } from './forms';
import { useToast } from './toast';
import { Button } from './ui/button';
import { Code } from './ui/code';
import { Notice } from './ui/notice';
import { Spinner } from './ui/spinner';

/** Harmless read-only calls against the provider; the result stays on the page, the provider's own words on failure. */
export function TestConnectionButton({ name, deniedReason }: { name: string; deniedReason?: string }) {
  const toast = useToast();
  const reasonId = useId();
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
    <div className="flex flex-col items-start gap-2">
      <Button
        disabled={test.isPending || Boolean(deniedReason)}
        aria-describedby={deniedReason ? reasonId : undefined}
        aria-busy={test.isPending || undefined}
        onClick={() => {
          if (inFlight.current) return;
          inFlight.current = true;
          test.mutate();
        }}
      >
        {test.isPending && <Spinner />}
        Test connection
      </Button>
      <DisabledReason id={reasonId} reason={deniedReason} />
      {/* Our own alert region (not role="alert": Next's route announcer already has that role). */}
      <div aria-live="assertive" data-testid="connection-report" className="w-full">
        {report &&
          (report.ok ? (
            <Notice tone="success">Connected. {report.detail}</Notice>
          ) : (
            <Notice tone="error" as="div" className="flex flex-col gap-2 [overflow-wrap:anywhere]">
              <p>
                <strong>Connection failed:</strong> <Code>{report.error?.code ?? 'error'}</Code> {report.error?.message}
              </p>
              {report.error?.permission && (
                <p>
                  Refused permission: <Code>{report.error.permission}</Code>
                </p>
              )}
              <p className="text-xs">{report.detail}</p>
            </Notice>
          ))}
      </div>
    </div>
  );
}
