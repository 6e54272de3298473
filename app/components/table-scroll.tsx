import type { ReactNode } from "react";

/**
 * A wide table that scrolls sideways inside its panel on a phone. The scrolling box takes keyboard focus and has
 * a name, so someone without a pointer can scroll it too (axe: scrollable-region-focusable).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
