'use client';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useState } from 'react';
import { THEME_STORAGE_KEY, type ThemeChoice } from './theme';
import { THEME_TRIGGER_CLASSES, ThemeIcon } from './theme-toggle';
import { DropdownMenu, DropdownMenuContent, DropdownMenuLabel, DropdownMenuTrigger } from './ui/dropdown-menu';

export function systemDark() {
  return window.matchMedia('(prefers-color-scheme: dark)').matches;
}

export function apply(choice: ThemeChoice) {
  document.documentElement.classList.toggle('dark', choice === 'dark' || (choice === 'system' && systemDark()));
}

export function stored(): ThemeChoice {
  const value = window.localStorage.getItem(THEME_STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

const CHOICES: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** The theme menu itself (components/theme-toggle.tsx loads it on the first click). */
export function ThemeMenu({ defaultOpen }: { defaultOpen?: boolean }) {
  // Read on the client only; the menu that shows it renders only when opened, after hydration.
  const [choice, setChoice] = useState<ThemeChoice>(() => (typeof window === 'undefined' ? 'system' : stored()));

  function choose(value: string) {
    const next = value as ThemeChoice;
    if (next === 'system') window.localStorage.removeItem(THEME_STORAGE_KEY);
    else window.localStorage.setItem(THEME_STORAGE_KEY, next);
    setChoice(next);
    apply(next);
  }

  return (
    <DropdownMenu defaultOpen={defaultOpen}>
      <DropdownMenuTrigger className={THEME_TRIGGER_CLASSES} aria-label="Theme">
        <ThemeIcon />
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
