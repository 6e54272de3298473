import { failure, itemsFromText, type ResolvedItem } from "./resolved-item";

/** The same cap as fetched documents: no real credential, or list of them, comes close. */
export const MAX_SUBMITTED_BYTES = 1_000_000;

/**
 * Pasted or uploaded text: a credential or presentation in JSON, a JSON array of credentials (one item each),
 * or a compact JWT. Never throws for bad input; anything unreadable comes back as a failure item with a reason.
 */
export function parseSubmittedText(text: string, source = "paste"): ResolvedItem[] {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_SUBMITTED_BYTES) {
    return [
      failure(
        source,
        "too-large",
        `The text is ${(bytes / 1_000_000).toFixed(1)} MB; submissions larger than 1 MB are not accepted.`,
      ),
    ];
  }
  return itemsFromText(text, source);
}
