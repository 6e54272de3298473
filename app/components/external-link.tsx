/**
 * A link to somewhere a candidate, an issuer or a registry named: every such URL is hostile. Only http: and https:
 * become links; anything else (javascript:, data:, vbscript:, a relative path) is shown as text, so clicking it can
 * run nothing and open nothing on our own origin.
 */
export function safeExternalHref(value: unknown): string | null {
  if (typeof value !== "string") return null;
  let url: URL;
  try {
    // No base: a relative or scheme-less value does not parse, so it cannot point back into Attest.
    url = new URL(value.trim());
  } catch {
    return null;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
}

export function ExternalLink({ href, children }: { href: string; children: React.ReactNode }) {
  const safe = safeExternalHref(href);
  if (!safe)
    return (
      <span className="muted" title={href.slice(0, 300)}>
        {children}
      </span>
    );
  return (
    <a href={safe} rel="noreferrer noopener" target="_blank">
      {children}
    </a>
  );
}
