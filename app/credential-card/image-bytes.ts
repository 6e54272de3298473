/**
 * The bytes of a badge image, judged by what they are rather than by what anyone says they are: a data: URL's
 * media type and a server's Content-Type are both chosen by whoever made the credential, so the served type comes
 * from the file's own first bytes. See docs/decisions/065-credential-card-images.md.
 */

/** Real badge images are tens of KB; a few hundred at most. */
export const MAX_IMAGE_BYTES = 512 * 1024;

export type ImageMediaType = "image/png" | "image/jpeg" | "image/gif" | "image/webp" | "image/svg+xml";

/** What a server may say it sends; the bytes are sniffed afterwards either way. */
export const ACCEPTED_IMAGE_TYPES: readonly string[] = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/svg+xml",
];

export interface ImageFile {
  mediaType: ImageMediaType;
  bytes: Buffer;
}

/** Why an image is not shown, in a reviewer's words (for the operator's log and the cache row). */
export type ImageRefusal = "not-an-image" | "too-large" | "malformed";

/** The image inside a `data:` URL, or why it is refused. */
export function decodeDataUrl(dataUrl: string): ImageFile | { refused: ImageRefusal } {
  const match = /^data:([^,]*?)(;base64)?,(.*)$/is.exec(dataUrl);
  if (!match) return { refused: "malformed" };
  // Base64 is 4 characters for every 3 bytes: refuse before decoding anything too big.
  const payload = match[3]!;
  if ((match[2] ? (payload.length * 3) / 4 : payload.length) > MAX_IMAGE_BYTES * 1.01) return { refused: "too-large" };
  let bytes: Buffer;
  try {
    bytes = match[2] ? Buffer.from(payload, "base64") : Buffer.from(decodeURIComponent(payload), "utf8");
  } catch {
    return { refused: "malformed" };
  }
  return checkImage(bytes);
}

/** The bytes as a servable image, or why not: within the size cap, and one of the types we serve. */
export function checkImage(bytes: Buffer): ImageFile | { refused: ImageRefusal } {
  if (bytes.length === 0) return { refused: "not-an-image" };
  if (bytes.length > MAX_IMAGE_BYTES) return { refused: "too-large" };
  const mediaType = sniffImageType(bytes);
  return mediaType ? { mediaType, bytes } : { refused: "not-an-image" };
}

/** The image type from the file's signature; null for anything else (HTML, scripts, PDFs, …). */
export function sniffImageType(bytes: Buffer): ImageMediaType | null {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes.subarray(8, 12).toString("latin1") === "WEBP") return "image/webp";
  // SVG is text: an optional BOM, XML declaration, comments or doctype, then an <svg> root element.
  const head = bytes
    .subarray(0, 4096)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  if (/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(head)) return "image/svg+xml";
  return null;
}
