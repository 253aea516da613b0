// Shared Tailwind class lists for markup that is no component of its own: plain tables and form
// fields whose control is not one input (radio groups, fieldsets, check boxes), text areas.
import { cn } from './cn';

/** A plain <table> as DataTable draws one: muted header, row rules, cells padded 8 × 16 px. */
export const tableClasses = cn(
  'w-full border-collapse text-sm tabular-nums',
  '[&_td]:border-b [&_td]:border-border-muted [&_td]:px-4 [&_td]:py-2 [&_td]:text-left [&_td]:align-middle',
  '[&_th]:border-b [&_th]:border-border-muted [&_th]:px-4 [&_th]:py-2 [&_th]:text-left [&_th]:align-middle',
  '[&_thead_th]:whitespace-nowrap [&_thead_th]:bg-surface [&_thead_th]:text-xs [&_thead_th]:font-semibold [&_thead_th]:text-fg-muted',
  '[&_tbody_tr:last-child>*]:border-b-0',
);

/** A label (or a fieldset's legend) above its control, hint and error. */
export const fieldClasses = cn(
  'm-0 flex min-w-0 flex-col gap-1.5 border-0 p-0',
  '[&>label]:text-sm [&>label]:font-semibold [&>legend]:mb-1.5 [&>legend]:p-0 [&>legend]:text-sm [&>legend]:font-semibold',
);


/** A multi-line text box (PEM bundles): the input look without the single line's height. */
export const textareaClasses = cn(
  'block min-h-24 w-full min-w-0 rounded-md border border-border bg-surface px-2.5 py-2 font-mono text-xs text-fg',
  'placeholder:text-fg-muted focus:border-accent focus:shadow-[var(--focus)] focus:outline-none',
  'aria-invalid:border-danger disabled:cursor-not-allowed disabled:bg-surface-muted disabled:opacity-70',
);

/** A radio or check box with its label text, on one line. */
export const choiceClasses = 'inline-flex cursor-pointer items-center gap-1.5 text-sm [&>input]:m-0 [&>input]:accent-accent';

/** A secondary line under a cell's or an item's main text. */
export const subLineClasses = 'block text-xs text-fg-muted';

/** The page's <main>: centred, at most 1200 px wide, its sections 16 px apart. */
export const mainClasses = 'mx-auto flex w-full max-w-[1200px] flex-col gap-4 px-4 pb-16 pt-6 sm:px-6';
