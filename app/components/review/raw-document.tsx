import { useRef, useState } from "react";

/** The document as received (JSON indented), folded away by default, with a button that copies it. */
export function RawDocument({ text }: { text: string }) {
  const pre = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState<"" | "Copied." | "Select the text and copy it by hand.">("");

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("Copied.");
    } catch {
      // No clipboard API outside a secure context (plain http on an intranet): select the text instead.
      const selection = window.getSelection();
      if (pre.current && selection) {
        const range = document.createRange();
        range.selectNodeContents(pre.current);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setCopied("Select the text and copy it by hand.");
    }
  }

  return (
    <details className="raw-document">
      <summary>Raw document ({text.length.toLocaleString("en-GB")} characters)</summary>
      <div className="raw-toolbar">
        <button type="button" className="small-button" onClick={copy}>
          Copy
        </button>
        <span role="status" className="muted small">
          {copied}
        </span>
      </div>
      {/* A scrollable region must be reachable from the keyboard (axe: scrollable-region-focusable). */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <pre ref={pre} tabIndex={0} aria-label="Raw document">
        {text}
      </pre>
    </details>
  );
}
