'use client';
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';

export type ToastKind = 'success' | 'error';
type ShowToast = (message: string, kind?: ToastKind) => void;

interface Toast {
  id: number;
  message: string;
  kind: ToastKind;
}

const ToastContext = createContext<ShowToast | null>(null);
const MAX_TOASTS = 4;
const DURATION_MS: Record<ToastKind, number> = { success: 6_000, error: 12_000 };

/**
 * Toasts live in one polite live region (role="status"). Not role="alert": Next already renders
 * a route announcer with that role, and two alerts on a page confuse screen readers and tests.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(0);

  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((t) => t.id !== id)), []);

  const show = useCallback<ShowToast>(
    (message, kind = 'success') => {
      const id = ++nextId.current;
      setToasts((current) => [...current.slice(-(MAX_TOASTS - 1)), { id, message, kind }]);
      window.setTimeout(() => dismiss(id), DURATION_MS[kind]);
    },
    [dismiss],
  );

  return (
    <ToastContext value={show}>
      {children}
      <div role="status" aria-live="polite" aria-label="Notifications" className="toasts">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`} data-kind={t.kind}>
            <span className="toast-message">{t.message}</span>
            {/* The × is drawn by CSS so that the region's text is only the messages. */}
            <button type="button" className="toast-dismiss" aria-label="Dismiss notification" onClick={() => dismiss(t.id)} />
          </div>
        ))}
      </div>
    </ToastContext>
  );
}

export function useToast(): ShowToast {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast() needs a <ToastProvider> above it.');
  return show;
}
