/**
 * Sharing a shortlist read-only with someone who has no account (a hiring manager), through a link that expires
 * (issue 14, point 6; docs/decisions/061). The link is a capability: whoever holds it reads that one shortlist, as
 * it is now, until the link expires or is revoked, and can change nothing. Making, revoking and viewing a link are
 * audited; the view reads live data, so whoever is removed or erased disappears from it at once.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Database } from "#db/client.server";
import { getShortlist } from "#db/queries/shortlists.server";
import {
  countShareLinkView,
  getShareLinkByTokenHash,
  insertShareLink,
  listShareLinksOf,
  listSharedShortlistEvidence,
  listSharedShortlistPeople,
  markShareLinkRevoked,
  shareLinkExists,
} from "#db/queries/shortlist-shares.server";
import { newCapabilityToken, sha256 } from "#app/auth/capability-tokens.server";
import { recordAudit, shareLinkActor, type AuditActor } from "#app/audit/audit.server";
import { formatDate } from "#app/components/format";
import { getVerifiedPolicy } from "#app/verification/verified-policy.server";
import { DEFAULT_SHARE_DAYS, SHARE_PERIODS } from "./share-periods";
import { toSharedShortlistView, type SharedShortlistView } from "./shared-shortlist-view";

const DAY = 86_400_000;
/** A view is written to the audit trail once an hour per link and client address, so reloads do not flood it. */
export const VIEW_AUDIT_EVERY_MS = 3_600_000;

export interface ShareDeps {
  db: Database;
  now: () => Date;
  /** The origin of the links handed out (ATTEST_PUBLIC_URL), never a request's Host header. */
  publicUrl: string;
}

export const shareLinkFormSchema = z.object({
  days: z.coerce
    .number()
    .refine(
      (days) => SHARE_PERIODS.some((p) => p.days === days),
      "Choose how long the link works: 1, 7, 14 or 30 days.",
    )
    .default(DEFAULT_SHARE_DAYS),
  recipient: z.string().trim().max(120, "Keep the name of whom it is for under 120 characters.").default(""),
});
export type ShareLinkForm = z.infer<typeof shareLinkFormSchema>;

/** The shared page of a token, as an absolute link to send. */
export function shareLinkUrl(publicUrl: string, token: string): string {
  return new URL(`/shared/${token}`, publicUrl).toString();
}

export type ShareLinkState = "active" | "expired" | "revoked";

export function shareLinkState(link: { revokedAt: Date | null; expiresAt: Date }, now: Date): ShareLinkState {
  if (link.revokedAt) return "revoked";
  if (link.expiresAt <= now) return "expired";
  return "active";
}

/**
 * Makes a share link for a shortlist and returns it: the only time the link exists outside the holder's hands,
 * since only its hash is kept. The row and its audit entry are written in one transaction; the entry never holds
 * the token. Null when there is no such shortlist.
 */
export async function createShareLink(
  deps: ShareDeps,
  actor: AuditActor,
  shortlistId: string,
  form: ShareLinkForm,
): Promise<{ id: string; link: string; expiresAt: Date } | null> {
  if (!(await getShortlist(deps.db, shortlistId))) return null;
  const id = `share_${randomUUID()}`;
  const token = newCapabilityToken();
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + form.days * DAY);
  await deps.db.transaction(async (tx) => {
    await insertShareLink(tx, {
      id,
      shortlistId,
      tokenHash: sha256(token),
      recipient: form.recipient,
      createdAt: now,
      expiresAt,
      createdById: actor.id,
    });
    await recordAudit(
      tx,
      actor,
      "shortlist.share",
      { type: "share-link", id },
      { shortlistId, recipient: form.recipient, days: form.days, expiresAt: expiresAt.toISOString() },
    );
  });
  return { id, link: shareLinkUrl(deps.publicUrl, token), expiresAt };
}

/**
 * Revokes a link of this shortlist: it answers 404 from now on. Revoking twice changes nothing and writes no second
 * audit entry. Null when the shortlist has no link with this id (a link of another list cannot be revoked here).
 */
export async function revokeShareLink(
  deps: Pick<ShareDeps, "db" | "now">,
  actor: AuditActor,
  shortlistId: string,
  linkId: string,
): Promise<"revoked" | "already-revoked" | null> {
  return deps.db.transaction(async (tx) => {
    if (await markShareLinkRevoked(tx, shortlistId, linkId, deps.now())) {
      await recordAudit(tx, actor, "shortlist.share.revoke", { type: "share-link", id: linkId }, { shortlistId });
      return "revoked" as const;
    }
    return (await shareLinkExists(tx, shortlistId, linkId)) ? ("already-revoked" as const) : null;
  });
}

/** A shortlist's links for its page: active ones first, newest first within each state. */
export async function listShareLinks(deps: Pick<ShareDeps, "db" | "now">, shortlistId: string) {
  const now = deps.now();
  const rows = (await listShareLinksOf(deps.db, shortlistId)).map((row) => ({
    id: row.id,
    recipient: row.recipient,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdByName,
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    state: shareLinkState(row, now),
    views: row.views,
    lastViewedAt: row.lastViewedAt?.toISOString() ?? null,
  }));
  return [...rows.filter((r) => r.state === "active"), ...rows.filter((r) => r.state !== "active")];
}
export type ShareLinkSummary = Awaited<ReturnType<typeof listShareLinks>>[number];

export type SharedShortlistOutcome =
  | { status: "shown"; view: SharedShortlistView; expiresAt: Date }
  | { status: "refused"; reason: "unknown" | ShareLinkState; message: string };

/**
 * What the holder of a share link sees. A usable link shows its own shortlist (a token names exactly one, and
 * nothing in the request can point it at another), counts the view and, once an hour per client address, writes
 * it to the audit trail with the ids of the candidates shown, before anything is returned: a view that could not
 * be recorded is not shown. A revoked, expired or unknown link shows nothing and records nothing; its message
 * speaks to the person who followed it.
 */
export async function openSharedShortlist(
  deps: Pick<ShareDeps, "db" | "now">,
  token: string,
  clientAddress: string,
): Promise<SharedShortlistOutcome> {
  // A token is 43 characters of base64url; anything else cannot be one, and costs no query.
  const found = /^[A-Za-z0-9_-]{43}$/.test(token) ? await getShareLinkByTokenHash(deps.db, sha256(token)) : null;
  if (!found) {
    return {
      status: "refused",
      reason: "unknown",
      message:
        "This share link is not valid. Check that you copied the whole link, or ask the recruiter who sent it for a new one.",
    };
  }
  const now = deps.now();
  const state = shareLinkState(found.link, now);
  if (state !== "active") return refusal(state, found.link);

  const [people, evidence, policy] = await Promise.all([
    listSharedShortlistPeople(deps.db, found.link.shortlistId),
    listSharedShortlistEvidence(deps.db, found.link.shortlistId),
    getVerifiedPolicy(deps.db),
  ]);
  const counted = await deps.db.transaction(async (tx) => {
    const view = await countShareLinkView(tx, found.link.id, now, clientAddress, VIEW_AUDIT_EVERY_MS);
    if (view.audit) {
      await recordAudit(
        tx,
        shareLinkActor(clientAddress),
        "shortlist.share.view",
        { type: "share-link", id: found.link.id },
        { shortlistId: found.link.shortlistId, candidates: people.map((p) => p.candidateId) },
      );
    }
    return view.counted;
  });
  // Revoked between the read above and the count: the revocation wins.
  if (!counted) return refusal("revoked", { ...found.link, revokedAt: found.link.revokedAt ?? now });
  return {
    status: "shown",
    view: toSharedShortlistView(found.shortlistName, people, evidence, policy),
    expiresAt: found.link.expiresAt,
  };
}

function refusal(
  state: Exclude<ShareLinkState, "active">,
  link: { revokedAt: Date | null; expiresAt: Date },
): SharedShortlistOutcome {
  const message =
    state === "revoked"
      ? `The recruiter withdrew this link on ${formatDate(link.revokedAt ?? link.expiresAt)}, so it no longer shows the shortlist. If you still need it, ask them for a new link.`
      : `This link worked until ${formatDate(link.expiresAt)} and has expired. If you still need the shortlist, ask the recruiter who sent it for a new link.`;
  return { status: "refused", reason: state, message };
}
