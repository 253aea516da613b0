/** The theme choice: 'light', 'dark', or absent (follow the system). Stored in localStorage. */
export const THEME_STORAGE_KEY = 'keywarden-theme';
export type ThemeChoice = 'light' | 'dark' | 'system';

/**
 * Runs inline in <head> before the first paint, so a dark page never flashes light. It must stay
 * tiny and dependency-free; components/theme-toggle.tsx applies later changes the same way.
 */
export const THEME_SCRIPT = `(function(){try{var c=localStorage.getItem('${THEME_STORAGE_KEY}');var d=c==='dark'||(c!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.classList.toggle('dark',d)}catch(e){}})()`;
