'use client';
import { useState, type ComponentType, type ReactNode } from 'react';

/**
 * A menu whose code (Radix, positioning) is fetched when it is first opened: until then the
 * trigger is a plain button that looks the same; its click loads the menu and opens it.
 * Keeps overlay code out of every page's first load (the top bar is on every page).
 */
export function LazyMenu<P extends object>({
  load,
  props,
  trigger,
}: {
  load: () => Promise<ComponentType<P & { defaultOpen?: boolean }>>;
  props: P;
  /** The placeholder trigger; call `open` from its onClick. */
  trigger: (open: () => void) => ReactNode;
}) {
  const [Menu, setMenu] = useState<ComponentType<P & { defaultOpen?: boolean }> | null>(null);
  if (Menu) return <Menu {...props} defaultOpen />;
  return <>{trigger(() => void load().then((component) => setMenu(() => component)))}</>;
}
