import { randomUUID } from "node:crypto";
import { newCapabilityToken, sha256 } from "#app/auth/capability-tokens.server";
import type { Database } from "#db/client.server";
import { getEmailLinkByHash, insertEmailLink } from "#db/queries/identity.server";
import type { EmailLink, EmailLinkPurpose } from "#db/schema/index";

const HOUR = 3_600_000;
/** How long a mailed link works: a week to confirm (mail gets read late), a day to erase everything. */
export const LINK_LIFETIME_HOURS: Record<EmailLinkPurpose, number> = { confirm: 7 * 24, "erase-all": 24 };

/** Creates a one-time link's token (only its hash is stored) and returns the token for the mail. */
export async function issueEmailLink(
  db: Database,
  link: { purpose: EmailLinkPurpose; email: string; submissionId?: string },
  now: Date,
): Promise<string> {
  const token = newCapabilityToken(24);
  await insertEmailLink(db, {
    id: `link_${randomUUID()}`,
    purpose: link.purpose,
    tokenHash: sha256(token),
    email: link.email,
    submissionId: link.submissionId ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + LINK_LIFETIME_HOURS[link.purpose] * HOUR),
  });
  return token;
}

export type LinkProblem = "unknown" | "used" | "expired";

/** The sentence a person reads for a link that does nothing; each says what to do instead. */
export const LINK_PROBLEMS: Record<LinkProblem, string> = {
  unknown: "This link is not valid: it may have been copied incompletely. Nothing was changed.",
  used: "This link has been used already; a link works only once. Nothing was changed.",
  expired: "This link has expired. Nothing was changed; submit again, or ask for a new link.",
};

/** The link behind a token, if it is for this purpose, unused and not expired. */
export async function findUsableLink(
  db: Database,
  token: string,
  purpose: EmailLinkPurpose,
  now: Date,
): Promise<{ ok: true; link: EmailLink } | { ok: false; problem: LinkProblem }> {
  const link = token ? await getEmailLinkByHash(db, sha256(token)) : null;
  if (!link || link.purpose !== purpose) return { ok: false, problem: "unknown" };
  if (link.usedAt) return { ok: false, problem: "used" };
  if (link.expiresAt <= now) return { ok: false, problem: "expired" };
  return { ok: true, link };
}
