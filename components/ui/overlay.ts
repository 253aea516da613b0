/** Shared look of floating surfaces (menus, popovers, dialogs). */
export const surfaceClasses = 'rounded-md border border-border bg-surface text-fg shadow-overlay';
