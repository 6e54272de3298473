/**
 * Links made by the Learner Credential Wallet and VerifierPlus:
 * - public links `https://verifierplus.org/credentials/<uuid>`, whose JSON lives at `/api/credentials/<uuid>`;
 * - hash links `https://verifierplus.org/#verify?vc=<url of raw JSON>`.
 */
const VERIFIERPLUS_HOSTS = new Set(["verifierplus.org", "www.verifierplus.org"]);
const PUBLIC_LINK = /^\/(?:api\/)?credentials\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;

export type VerifierPlusLink =
  { type: "public-link"; apiUrl: string } | { type: "hash-link"; target: string } | { type: "unrecognised" };

/** null when the URL is not a VerifierPlus link at all. */
export function matchVerifierPlusLink(url: URL): VerifierPlusLink | null {
  if (!VERIFIERPLUS_HOSTS.has(url.hostname)) return null;
  const hashTarget = hashLinkTarget(url.hash);
  if (hashTarget) return { type: "hash-link", target: hashTarget };
  const id = PUBLIC_LINK.exec(url.pathname)?.[1];
  if (id) return { type: "public-link", apiUrl: `https://verifierplus.org/api/credentials/${id.toLowerCase()}` };
  return { type: "unrecognised" };
}

/**
 * The `vc` parameter of `#verify?vc=…`. Links in the wild carry it both percent-encoded and raw; a raw URL may
 * itself contain `&` or `?`, so when it is raw everything after `vc=` belongs to it.
 */
function hashLinkTarget(hash: string): string | null {
  const match = /^#verify\?(?:.*&)?vc=(.*)$/s.exec(hash);
  if (!match) return null;
  const value = match[1];
  if (/^https?:\/\//i.test(value)) return value;
  try {
    return decodeURIComponent(value.split("&")[0]) || null;
  } catch {
    return null;
  }
}
