/** A small busy indicator beside a button's label (the button's own text still names it). */
export function Spinner() {
  return <span className="inline-block size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent motion-reduce:animate-none" aria-hidden="true" />;
}
