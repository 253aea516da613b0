'use client';
import { useCallback } from 'react';
import { toast } from 'sonner';

export type ToastKind = 'success' | 'error';
type ShowToast = (message: string, kind?: ToastKind) => void;

const DURATION_MS: Record<ToastKind, number> = { success: 6_000, error: 12_000 };

/** Shows a toast through sonner (components/ui/toaster.tsx, mounted once in Providers). */
export function useToast(): ShowToast {
  return useCallback<ShowToast>((message, kind = 'success') => {
    if (kind === 'error') toast.error(message, { duration: DURATION_MS.error });
    else toast.success(message, { duration: DURATION_MS.success });
  }, []);
}
