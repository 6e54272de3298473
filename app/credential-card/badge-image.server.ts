import type { Database } from "#db/client.server";
import { getCredentialWithImage, saveCredentialImage } from "#db/queries/credential-images.server";
import { FetchRefusedError, type SafeFetch } from "#app/ingest/safe-fetch.server";
import { extractDisplayFields } from "./display-fields.server";
import { ACCEPTED_IMAGE_TYPES, checkImage, decodeDataUrl, MAX_IMAGE_BYTES, type ImageFile } from "./image-bytes";

/** A refused or unreachable image is asked for again after this long, not on every page view. */
export const RETRY_REFUSED_AFTER_MS = 24 * 60 * 60 * 1000;

export interface BadgeImageDeps {
  db: Database;
  safeFetch: SafeFetch;
  now: () => Date;
  log: (message: string) => void;
}

/**
 * The image to show on a credential's card: the one embedded in it, or the one it links, fetched through the safe
 * fetcher the first time anyone looks and kept in the database (decision 065). `{ image: null }` when there is
 * none, or it is refused (not an image, too large, a private address, …): the card shows a placeholder. Null when
 * no credential has this id. Never throws for anything the credential or a remote server does.
 */
export async function getBadgeImage(
  deps: BadgeImageDeps,
  credentialId: string,
): Promise<{ image: ImageFile | null } | null> {
  const found = await getCredentialWithImage(deps.db, credentialId);
  if (!found) return null;
  const reference = extractDisplayFields(found.rawText).image;
  if (!reference) return { image: null };
  if (reference.kind === "embedded") {
    const decoded = decodeDataUrl(reference.dataUrl);
    return { image: "refused" in decoded ? null : decoded };
  }

  const cached = found.image;
  if (cached?.sourceUrl === reference.url) {
    if (cached.bytes && cached.mediaType) return { image: checkImageOrNull(cached.bytes) };
    if (deps.now().getTime() - cached.fetchedAt.getTime() < RETRY_REFUSED_AFTER_MS) return { image: null };
  }
  const fetched = await fetchImage(deps.safeFetch, reference.url);
  try {
    await saveCredentialImage(deps.db, {
      credentialId,
      sourceUrl: reference.url,
      mediaType: "refused" in fetched ? null : fetched.mediaType,
      bytes: "refused" in fetched ? null : fetched.bytes,
      refusal: "refused" in fetched ? fetched.refused : null,
      fetchedAt: deps.now(),
    });
  } catch (error) {
    // The credential was erased while we fetched (the foreign key refuses the row): nothing to keep, nothing lost.
    deps.log(`badge image of ${credentialId} not cached: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { image: "refused" in fetched ? null : fetched };
}

async function fetchImage(safeFetch: SafeFetch, url: string): Promise<ImageFile | { refused: string }> {
  try {
    const response = await safeFetch(url, { accept: ACCEPTED_IMAGE_TYPES, maxBytes: MAX_IMAGE_BYTES });
    return checkImage(response.body);
  } catch (error) {
    // Refusals are logged by the fetcher itself; anything else is a bug we still do not let break a page.
    return { refused: error instanceof FetchRefusedError ? error.code : "fetch-failed" };
  }
}

function checkImageOrNull(bytes: Buffer): ImageFile | null {
  const checked = checkImage(bytes);
  return "refused" in checked ? null : checked;
}
