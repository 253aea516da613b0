'use client';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useEffect, useState } from 'react';
import { THEME_STORAGE_KEY, type ThemeChoice } from './theme';
import { DropdownMenu, DropdownMenuContent, DropdownMenuLabel, DropdownMenuTrigger } from './ui/dropdown-menu';

function systemDark() {
  return window.matchMedia('(prefers-color-scheme: dark)').matches;
}

function apply(choice: ThemeChoice) {
  document.documentElement.classList.toggle('dark', choice === 'dark' || (choice === 'system' && systemDark()));
}

function stored(): ThemeChoice {
  const value = window.localStorage.getItem(THEME_STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

const CHOICES: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Light, dark, or the system's setting (the default); the choice is kept in this browser. */
export function ThemeToggle() {
  // Read on the client only; the menu that shows it renders only when opened, after hydration.
  const [choice, setChoice] = useState<ThemeChoice>(() => (typeof window === 'undefined' ? 'system' : stored()));

  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => stored() === 'system' && apply('system');
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, []);

  function choose(value: string) {
    const next = value as ThemeChoice;
    if (next === 'system') window.localStorage.removeItem(THEME_STORAGE_KEY);
    else window.localStorage.setItem(THEME_STORAGE_KEY, next);
    setChoice(next);
    apply(next);
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="inline-flex size-8 cursor-pointer items-center justify-center rounded-md text-topbar-muted hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-accent"
        aria-label="Theme"
      >
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M8 1.75a6.25 6.25 0 0 1 0 12.5Z" fill="currentColor" />
        </svg>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>Theme</DropdownMenuLabel>
        <Menu.RadioGroup value={choice} onValueChange={choose}>
          {CHOICES.map(({ value, label }) => (
            <Menu.RadioItem
              key={value}
              value={value}
              className="flex cursor-pointer select-none items-center gap-2 rounded px-2.5 py-1.5 text-sm outline-none data-[highlighted]:bg-surface-hover"
            >
              <span className="w-3 text-center" aria-hidden="true">
                <Menu.ItemIndicator>✓</Menu.ItemIndicator>
              </span>
              {label}
            </Menu.RadioItem>
          ))}
        </Menu.RadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
