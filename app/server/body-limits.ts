/**
 * How large a request body each route accepts, in one table: the web surface (web-surface.ts) refuses anything
 * larger before reading it, and the routes count parts, files and items within it.
 */
import { MAX_API_BODY_BYTES } from "#app/api/read-json.server";
import { MAX_IMAGE_BYTES } from "#app/ingest/resolvers/baked-image";
import { MAX_ITEMS_PER_SUBMISSION } from "#app/ingest/submit.server";
import { MAX_REGISTRY_BYTES } from "#app/verification/registry-admin.server";
import { MAX_RESPONSE_BYTES } from "#app/wallet/openid4vp.server";

export interface BodyLimit {
  maxBytes: number;
  /** Words for the refusal: "the most <what> accepts". */
  what: string;
  /** The route reads its body as a capped stream itself, so a body without Content-Length is fine. */
  streamed?: boolean;
}

/** Form fields (and files) one public submission may hold: name, email, headline, consent, links, text, files. */
export const MAX_SUBMISSION_PARTS = 60;
/** Two baked badge images at their largest, or many credentials: a public form takes no more. */
export const MAX_SUBMISSION_BYTES = 2 * MAX_IMAGE_BYTES + 1_000_000;
/** A staff or sign-in form: a few fields, never near this. */
export const MAX_FORM_BYTES = 64 * 1024;

/**
 * A sentence when a public submission form holds more parts or files than anyone filling it in would send, or
 * null. (Its total size was capped before it was read; the credentials inside are counted by submitItems.)
 */
export function countSubmissionParts(form: FormData): string | null {
  let parts = 0;
  let files = 0;
  for (const [, value] of form) {
    parts++;
    if (typeof value !== "string") files++;
  }
  if (files > MAX_ITEMS_PER_SUBMISSION) {
    return `You chose ${files} files; at most ${MAX_ITEMS_PER_SUBMISSION} are accepted at once. Nothing was stored: send them in smaller parts.`;
  }
  if (parts > MAX_SUBMISSION_PARTS)
    return `The form held ${parts} fields, more than it has; nothing was stored. Reload the page and send it again.`;
  return null;
}

const LIMITS: Array<{ prefix: string; limit: BodyLimit }> = [
  { prefix: "/submit/", limit: { maxBytes: MAX_SUBMISSION_BYTES, what: "a submission" } },
  { prefix: "/api/", limit: { maxBytes: MAX_API_BODY_BYTES, what: "this API", streamed: true } },
  { prefix: "/exchanges/", limit: { maxBytes: MAX_API_BODY_BYTES, what: "this API", streamed: true } },
  // A wallet's answer (OpenID4VP): the route reads it as a capped stream too (app/wallet/wallet-http.server.ts).
  { prefix: "/openid4vp/", limit: { maxBytes: MAX_RESPONSE_BYTES, what: "a wallet's answer", streamed: true } },
  // A registry file (itself capped at MAX_REGISTRY_BYTES) and the form around it.
  { prefix: "/admin/registry", limit: { maxBytes: MAX_REGISTRY_BYTES + MAX_FORM_BYTES, what: "a registry import" } },
];

const FORM: BodyLimit = { maxBytes: MAX_FORM_BYTES, what: "a form" };

export function bodyLimitFor(pathname: string): BodyLimit {
  return LIMITS.find(({ prefix }) => pathname.startsWith(prefix))?.limit ?? FORM;
}

export function describeBytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${Math.round(bytes / 100_000) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}
