const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * A compact JWS (three base64url parts) whose header is JSON naming an algorithm. Checking the header keeps
 * dotted text such as "v1.2.3" from being taken for a credential. Unsigned JWTs (empty third part) do not
 * match: they cannot be verified.
 */
export function isCompactJwt(text: string): boolean {
  if (!COMPACT_JWS.test(text)) return false;
  try {
    const header: unknown = JSON.parse(decodeBase64Url(text.slice(0, text.indexOf("."))));
    return typeof header === "object" && header !== null && typeof (header as { alg?: unknown }).alg === "string";
  } catch {
    return false;
  }
}

/** atob rather than Buffer, so this module also runs in the browser (a submission form may preview). */
function decodeBase64Url(part: string): string {
  const base64 = part
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(part.length / 4) * 4, "=");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/**
 * An SD-JWT (an SD-JWT VC, RFC 9901 compact form): a compact JWT followed by `~`-separated disclosures and an
 * optional key-binding JWT. The verifier checks the rest; this only tells it apart from other text.
 */
export function isSdJwtText(text: string): boolean {
  const parts = text.split("~");
  if (parts.length < 2 || !isCompactJwt(parts[0] as string)) return false;
  const last = parts[parts.length - 1] as string;
  return parts.slice(1, -1).every((part) => /^[A-Za-z0-9_-]+$/.test(part)) && (last === "" || COMPACT_JWS.test(last));
}
