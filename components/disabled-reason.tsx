/** Why the button beside it is disabled, shown before anyone tries it (the button's aria-describedby). */
export function DisabledReason({ id, reason }: { id: string; reason?: string }) {
  if (!reason) return null;
  return (
    <span id={id} className="text-xs text-fg-muted" data-testid="disabled-reason">
      {reason}
    </span>
  );
}
