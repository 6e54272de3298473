import { and, asc, desc, eq, gt, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import {
  candidates,
  credentials,
  credentialSkills,
  shortlistEntries,
  shortlists,
  shortlistShareLinks,
  staffUsers,
  trustedIssuers,
} from "../schema/index";

export async function insertShareLink(db: Database, link: typeof shortlistShareLinks.$inferInsert) {
  await db.insert(shortlistShareLinks).values(link);
}

/** A shortlist's share links, newest first, with who made each. */
export async function listShareLinksOf(db: Database, shortlistId: string) {
  return db
    .select({
      id: shortlistShareLinks.id,
      recipient: shortlistShareLinks.recipient,
      createdAt: shortlistShareLinks.createdAt,
      expiresAt: shortlistShareLinks.expiresAt,
      revokedAt: shortlistShareLinks.revokedAt,
      views: shortlistShareLinks.views,
      lastViewedAt: shortlistShareLinks.lastViewedAt,
      createdByName: staffUsers.name,
    })
    .from(shortlistShareLinks)
    .leftJoin(staffUsers, eq(staffUsers.id, shortlistShareLinks.createdById))
    .where(eq(shortlistShareLinks.shortlistId, shortlistId))
    .orderBy(desc(shortlistShareLinks.createdAt), desc(shortlistShareLinks.id));
}

/** The link with this token hash and the name of its shortlist, whatever its state; null when there is none. */
export async function getShareLinkByTokenHash(db: Database, tokenHash: string) {
  const [row] = await db
    .select({ link: shortlistShareLinks, shortlistName: shortlists.name })
    .from(shortlistShareLinks)
    .innerJoin(shortlists, eq(shortlists.id, shortlistShareLinks.shortlistId))
    .where(eq(shortlistShareLinks.tokenHash, tokenHash));
  return row ?? null;
}

/** Sets revoked_at on a link of this shortlist unless it is set already; true when this call revoked it. */
export async function markShareLinkRevoked(db: Database, shortlistId: string, linkId: string, now: Date) {
  const rows = await db
    .update(shortlistShareLinks)
    .set({ revokedAt: now })
    .where(
      and(
        eq(shortlistShareLinks.id, linkId),
        eq(shortlistShareLinks.shortlistId, shortlistId),
        isNull(shortlistShareLinks.revokedAt),
      ),
    )
    .returning({ id: shortlistShareLinks.id });
  return rows.length > 0;
}

export async function shareLinkExists(db: Database, shortlistId: string, linkId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: shortlistShareLinks.id })
    .from(shortlistShareLinks)
    .where(and(eq(shortlistShareLinks.id, linkId), eq(shortlistShareLinks.shortlistId, shortlistId)));
  return Boolean(row);
}

/**
 * Counts a view of a link that is still usable at `now`; false when it is not (revoked or expired in between).
 * Returns whether this view is to be audited: the first from `from` within `auditEvery` of the last audited one
 * is, and the decision is taken by one UPDATE, so two views at once never both count as the first.
 */
export async function countShareLinkView(
  db: Pick<Database, "update">,
  linkId: string,
  now: Date,
  from: string,
  auditEveryMs: number,
): Promise<{ counted: boolean; audit: boolean }> {
  const usable = and(
    eq(shortlistShareLinks.id, linkId),
    isNull(shortlistShareLinks.revokedAt),
    gt(shortlistShareLinks.expiresAt, now),
  );
  const audited = await db
    .update(shortlistShareLinks)
    .set({
      views: sql`${shortlistShareLinks.views} + 1`,
      lastViewedAt: now,
      lastAuditedViewAt: now,
      lastAuditedViewFrom: from,
    })
    .where(
      and(
        usable,
        or(
          isNull(shortlistShareLinks.lastAuditedViewAt),
          isNull(shortlistShareLinks.lastAuditedViewFrom),
          ne(shortlistShareLinks.lastAuditedViewFrom, from),
          lte(shortlistShareLinks.lastAuditedViewAt, new Date(now.getTime() - auditEveryMs)),
        ),
      ),
    )
    .returning({ id: shortlistShareLinks.id });
  if (audited.length > 0) return { counted: true, audit: true };
  const counted = await db
    .update(shortlistShareLinks)
    .set({ views: sql`${shortlistShareLinks.views} + 1`, lastViewedAt: now })
    .where(usable)
    .returning({ id: shortlistShareLinks.id });
  return { counted: counted.length > 0, audit: false };
}

/** The people on a shortlist as a share link shows them: no email, no note, in the order they were added. */
export async function listSharedShortlistPeople(db: Database, shortlistId: string) {
  return db
    .select({
      candidateId: candidates.id,
      displayName: candidates.displayName,
      headline: candidates.headline,
      identity: candidates.identity,
    })
    .from(shortlistEntries)
    .innerJoin(candidates, eq(candidates.id, shortlistEntries.candidateId))
    .where(eq(shortlistEntries.shortlistId, shortlistId))
    .orderBy(asc(shortlistEntries.addedAt), asc(candidates.id));
}

/**
 * Every verified skill claim of the people on a shortlist (never a résumé's own claims), one row per credential and
 * skill, with the credential's issuer, whether the issuer is on the trust registry, and its year.
 */
export async function listSharedShortlistEvidence(db: Database, shortlistId: string) {
  return db
    .select({
      candidateId: credentialSkills.candidateId,
      skillKey: credentialSkills.skillKey,
      label: credentialSkills.label,
      credentialId: credentials.id,
      achievementName: credentials.achievementName,
      // The registry's name, when listed, rather than the credential's own description of its issuer.
      issuerName: sql<string | null>`coalesce(${trustedIssuers.name}, ${credentials.issuerName})`,
      registeredIssuer: sql<boolean>`(${trustedIssuers.issuerId} is not null)`,
      year: sql<
        string | null
      >`substring(coalesce(${credentials.report}->'summary'->>'validFrom', ${credentials.verifiedAt}::text) from 1 for 4)`,
    })
    .from(shortlistEntries)
    .innerJoin(credentialSkills, eq(credentialSkills.candidateId, shortlistEntries.candidateId))
    .innerJoin(credentials, and(eq(credentials.id, credentialSkills.credentialId), eq(credentials.verdict, "verified")))
    .leftJoin(trustedIssuers, eq(trustedIssuers.issuerId, credentials.issuerId))
    .where(and(eq(shortlistEntries.shortlistId, shortlistId), eq(credentialSkills.selfAsserted, false)))
    .orderBy(asc(credentialSkills.candidateId), asc(credentialSkills.label));
}
