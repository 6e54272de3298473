import { FetchRefusedError, type SafeFetch } from "#app/ingest/safe-fetch.server";
import { matchLinkedInLink } from "./linkedin";
import { failure, itemsFromText, type ResolvedItem, type ResolveFailure } from "./resolved-item";
import { matchVerifierPlusLink } from "./verifierplus";

export interface ShareLinkDeps {
  safeFetch: SafeFetch;
}

/**
 * Links that only point at another link (LinkedIn → VerifierPlus hash link → raw JSON is two). Unwrapping
 * costs no request, but a bound keeps a crafted link from nesting forever.
 */
const MAX_LINK_UNWRAPS = 2;
const MAX_SOURCE_LENGTH = 500;

/**
 * Finds the credentials behind a link a candidate shared: a VerifierPlus / Learner Credential Wallet public or
 * hash link, a LinkedIn add-certification link, or the direct URL of a credential, presentation, JWT or
 * Open Badges 2.0 hosted assertion. Exactly one document is fetched, through `safeFetch`. Never throws for
 * a bad link or a refused fetch: those come back as failure items whose `reason` the candidate can read.
 */
export async function resolveShareLink(link: string, deps: ShareLinkDeps): Promise<ResolvedItem[]> {
  const source = shorten(link.trim(), MAX_SOURCE_LENGTH);
  const located = locateDocument(link.trim(), source, 0);
  if ("ok" in located) return [located];

  let text: string;
  try {
    text = (await deps.safeFetch(located.fetchUrl)).text();
  } catch (error) {
    if (!(error instanceof FetchRefusedError)) throw error;
    if (located.fromVerifierPlus && error.code === "http-status" && (error.status === 404 || error.status === 410)) {
      return [
        failure(
          source,
          "link-expired",
          "This VerifierPlus link has expired or was unshared (public links last a year); create a new one in your wallet.",
        ),
      ];
    }
    return [failure(source, error.code, error.message)];
  }
  return itemsFromText(text, source);
}

type Located = { fetchUrl: string; fromVerifierPlus: boolean } | ResolveFailure;

/** Pure: works out which URL holds the document, unwrapping links that only carry another link. */
function locateDocument(link: string, source: string, unwraps: number): Located {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return failure(source, "invalid-url", "This is not a web link Attest can open.");
  }

  const linkedIn = matchLinkedInLink(url);
  if (linkedIn) {
    if (!linkedIn.certUrl) {
      return failure(source, "invalid-url", "This LinkedIn link does not include the credential's own link (certUrl).");
    }
    return unwrap(linkedIn.certUrl, source, unwraps);
  }

  const verifierPlus = matchVerifierPlusLink(url);
  if (verifierPlus?.type === "hash-link") return unwrap(verifierPlus.target, source, unwraps);
  if (verifierPlus?.type === "public-link") return { fetchUrl: verifierPlus.apiUrl, fromVerifierPlus: true };
  if (verifierPlus?.type === "unrecognised") {
    return failure(
      source,
      "invalid-url",
      "This VerifierPlus link does not point to a credential; use the public link your wallet created.",
    );
  }
  // Anything else is taken to be the document itself: a credential, presentation, JWT or hosted assertion.
  return { fetchUrl: url.href, fromVerifierPlus: false };
}

function unwrap(inner: string, source: string, unwraps: number): Located {
  if (unwraps >= MAX_LINK_UNWRAPS) {
    return failure(
      source,
      "nested-link",
      "This link only leads to more links; share the credential's own link instead.",
    );
  }
  return locateDocument(inner, source, unwraps + 1);
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
