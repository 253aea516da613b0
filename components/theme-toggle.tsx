'use client';
import { useEffect } from 'react';
import { THEME_STORAGE_KEY } from './theme';
import { LazyMenu } from './ui/lazy-menu';

export const THEME_TRIGGER_CLASSES =
  'inline-flex size-8 cursor-pointer items-center justify-center rounded-md text-topbar-muted hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-accent';

export function ThemeIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 1.75a6.25 6.25 0 0 1 0 12.5Z" fill="currentColor" />
    </svg>
  );
}

/** Light, dark, or the system's setting (the default); the choice is kept in this browser. */
export function ThemeToggle() {
  // Following the system: a change of its setting applies at once, while no choice is stored.
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => {
      if (!window.localStorage.getItem(THEME_STORAGE_KEY)) document.documentElement.classList.toggle('dark', media.matches);
    };
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, []);
  return (
    <LazyMenu
      load={() => import('./theme-menu').then((m) => m.ThemeMenu)}
      props={{}}
      trigger={(open) => (
        <button type="button" className={THEME_TRIGGER_CLASSES} aria-label="Theme" aria-haspopup="menu" aria-expanded={false} onClick={open}>
          <ThemeIcon />
        </button>
      )}
    />
  );
}
