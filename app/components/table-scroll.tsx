import type { ReactNode } from "react";

/**
 * A wide table that scrolls sideways inside its panel on a phone. The scrolling box takes keyboard focus and has
 * a name, so someone without a pointer can scroll it too (axe: scrollable-region-focusable).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // A scrolling region is reached by Tab so its hidden columns can be scrolled into view (WCAG 2.1.1).
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
