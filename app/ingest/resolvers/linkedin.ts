/**
 * LinkedIn "add certification" links (`https://www.linkedin.com/profile/add?…&certUrl=<url>`) carry the
 * credential's public link in `certUrl`; the LinkedIn page itself holds nothing to verify.
 */
const LINKEDIN_HOSTS = new Set(["linkedin.com", "www.linkedin.com"]);

export type LinkedInLink = { type: "add-certification"; certUrl: string | null };

/** null when the URL is not a LinkedIn add-certification link. */
export function matchLinkedInLink(url: URL): LinkedInLink | null {
  if (!LINKEDIN_HOSTS.has(url.hostname) || !/^\/profile\/add\/?$/.test(url.pathname)) return null;
  return { type: "add-certification", certUrl: url.searchParams.get("certUrl")?.trim() || null };
}
