import { useEffect, useRef, useState } from "react";

/**
 * A link to hand to someone, with a button that copies it. The link sits in a read-only field, so it can be
 * selected and copied by hand before the page's script has loaded, or where the browser refuses clipboard access
 * (then the button selects it and says how). No inline script: the handler comes with the app's bundle, whose
 * scripts carry the page's CSP nonce.
 */
export function CopyLink({
  link,
  label,
  buttonLabel = "Copy link",
}: {
  link: string;
  label: string;
  buttonLabel?: string;
}) {
  const field = useRef<HTMLInputElement>(null);
  const [hydrated, setHydrated] = useState(false);
  const [said, setSaid] = useState("");
  useEffect(() => setHydrated(true), []);
  useEffect(() => setSaid(""), [link]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setSaid("Copied to the clipboard.");
    } catch {
      field.current?.select();
      setSaid("Selected: press Ctrl+C (⌘C on a Mac) to copy.");
    }
  }

  return (
    <div className="copy-link">
      <input
        ref={field}
        type="text"
        readOnly
        value={link}
        aria-label={label}
        onFocus={(event) => event.currentTarget.select()}
      />
      <button type="button" onClick={copy} disabled={!hydrated} aria-label={`${buttonLabel}: ${label}`}>
        {buttonLabel}
      </button>
      <span role="status" className="copy-link-status small">
        {said}
      </span>
    </div>
  );
}
