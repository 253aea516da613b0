import { clsx, type ClassValue } from 'clsx';

/**
 * Class names joined (falsy ones dropped). No tailwind-merge (19 kB in every page's first load):
 * components never pass two utilities for the same property; variants and props pick one.
 */
export function cn(...inputs: ClassValue[]) {
  return clsx(inputs);
}
