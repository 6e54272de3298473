/**
 * What verifiers do with a credential's report: read it, re-verify it, accept or reject it with a reason, add
 * notes. A decision is recorded beside the report and never changes the verdict or the report: the cryptography
 * says what it says, a person records what they make of it. Every action writes an audit entry.
 */
import { asc, desc, eq } from "drizzle-orm";
import { toCardFields } from "#app/credential-card/card-fields.server";
import { z } from "zod";
import type { Database } from "#db/client.server";
import { candidates, credentialReviews, credentials, credentialSkills, verdictChanges } from "#db/schema/index";
import { getRecentActionOn, recordAudit, type AuditActor } from "#app/audit/audit.server";
import type { Verdict, VerificationReport } from "#app/verification/report";
import {
  addTrustedIssuer,
  describeReevaluated,
  isIssuerId,
  type RegistryAdminDeps,
} from "#app/verification/registry-admin.server";
import { recheckCredentials, type RecheckDeps } from "./recheck.server";
import { filterWaitingAndPassed } from "./queue.server";
import { QUEUE_FILTERS } from "./queue-params";

export type ReviewKind = "accept" | "reject" | "note";

/** The report page's form: one of four intents; a decision needs a reason and a note needs text. */
export const reviewActionSchema = z
  .object({
    intent: z.enum(["re-verify", "accept", "reject", "accept-next", "reject-next", "note"], {
      errorMap: () => ({ message: "Choose what to do: re-verify, accept, reject or add a note." }),
    }),
    /** The queue filter the verifier came from: "… and next" opens the next credential waiting in it. */
    queue: z.enum(QUEUE_FILTERS).catch("attention"),
    reason: z.string().trim().max(2000, "Keep it under 2,000 characters.").optional().default(""),
  })
  .superRefine((form, ctx) => {
    if (form.reason) return;
    if (form.intent !== "re-verify" && form.intent !== "note") {
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: `Give a reason to ${form.intent.replace("-next", "")} this credential.`,
      });
    } else if (form.intent === "note") {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Write the note before adding it." });
    }
  });
export type ReviewAction = z.infer<typeof reviewActionSchema>;

/** The JSON text indented for reading; a JWT (or anything that is not JSON) exactly as received. */
export function prettyDocument(rawText: string): string {
  try {
    return JSON.stringify(JSON.parse(rawText), null, 2);
  } catch {
    return rawText;
  }
}

/** Everything the report page shows about one credential, or null when there is no such credential. */
export async function getCredentialReview(db: Database, credentialId: string) {
  const [row] = await db
    .select({ credential: credentials, candidate: { id: candidates.id, displayName: candidates.displayName } })
    .from(credentials)
    .innerJoin(candidates, eq(candidates.id, credentials.candidateId))
    .where(eq(credentials.id, credentialId));
  if (!row) return null;
  const { credential, candidate } = row;
  const [skills, reviews, changes] = await Promise.all([
    db
      .select()
      .from(credentialSkills)
      .where(eq(credentialSkills.credentialId, credentialId))
      .orderBy(asc(credentialSkills.label)),
    db
      .select()
      .from(credentialReviews)
      .where(eq(credentialReviews.credentialId, credentialId))
      .orderBy(desc(credentialReviews.createdAt), desc(credentialReviews.id)),
    db
      .select()
      .from(verdictChanges)
      .where(eq(verdictChanges.credentialId, credentialId))
      .orderBy(desc(verdictChanges.changedAt), desc(verdictChanges.id)),
  ]);
  const decision =
    reviews.find((r): r is typeof r & { kind: "accept" | "reject" } => r.kind === "accept" || r.kind === "reject") ??
    null;
  return {
    candidate,
    credential: {
      id: credential.id,
      achievementName: credential.achievementName,
      issuer: credential.issuerName ?? credential.issuerId,
      issuerId: credential.issuerId,
      issuerName: credential.issuerName,
      format: credential.format,
      source: credential.source,
      verdict: credential.verdict,
      report: credential.report,
      verifiedAt: credential.verifiedAt.toISOString(),
      submittedAt: credential.submittedAt.toISOString(),
      document: prettyDocument(credential.rawText),
      card: toCardFields(credential.rawText),
    },
    // A skill is verified only while the credential backing it is (README: "verified" vs "claimed").
    skills: skills.map((s) => ({
      key: s.skillKey,
      label: s.label,
      mapping: s.mapping,
      framework: s.framework,
      targetUrl: s.targetUrl,
      verified: credential.verdict === "verified" && !s.selfAsserted,
      selfAsserted: s.selfAsserted,
    })),
    decision: decision
      ? { kind: decision.kind, reason: decision.body, by: decision.staffEmail, at: decision.createdAt.toISOString() }
      : null,
    history: reviews.map((r) => ({
      id: r.id,
      kind: r.kind,
      body: r.body,
      by: r.staffEmail,
      at: r.createdAt.toISOString(),
    })),
    verdictChanges: changes.map((c) => ({
      id: c.id,
      from: c.fromVerdict,
      to: c.toVerdict,
      reason: c.reason,
      at: c.changedAt.toISOString(),
    })),
  };
}
export type CredentialReview = NonNullable<Awaited<ReturnType<typeof getCredentialReview>>>;

/** How long after acting on a report its page's data load counts as Remix reloading it, not as another view. */
const RELOAD_AFTER_ACTION_SECONDS = 30;

/**
 * The report page as a staff member opens it: the review, and a "credential.view" entry in the audit trail.
 * After each action on the page (a note, a decision, a re-check) Remix loads the page's data again; that load
 * is not another view, so no entry is written when this person's last entry on the credential, seconds ago, was
 * an action. (Without this, every action wrote a second view and the trail overstated how often reports were read.)
 */
export async function openCredentialReview(
  db: Database,
  actor: AuditActor,
  credentialId: string,
): Promise<CredentialReview | null> {
  const review = await getCredentialReview(db, credentialId);
  if (!review) return null;
  const subject = { type: "credential" as const, id: credentialId };
  const last = actor.id ? await getRecentActionOn(db, actor.id, subject, RELOAD_AFTER_ACTION_SECONDS) : null;
  if (last === null || last === "credential.view") {
    await recordAudit(db, actor, "credential.view", subject, { candidateId: review.candidate.id });
  }
  return review;
}

/**
 * Records an accept, a reject or a note beside the report, with its audit entry in the same transaction.
 * Returns null when the credential does not exist (it may have been erased meanwhile).
 */
export async function recordReview(
  db: Database,
  actor: AuditActor,
  credentialId: string,
  input: { kind: ReviewKind; body: string },
): Promise<{ id: number } | null> {
  return db.transaction(async (tx) => {
    const [credential] = await tx
      .select({ candidateId: credentials.candidateId, verdict: credentials.verdict })
      .from(credentials)
      .where(eq(credentials.id, credentialId));
    if (!credential) return null;
    const [row] = await tx
      .insert(credentialReviews)
      .values({ credentialId, kind: input.kind, body: input.body, staffUserId: actor.id, staffEmail: actor.label })
      .returning({ id: credentialReviews.id });
    // The reason stays in credential_reviews; the trail records who decided what, against which verdict.
    await recordAudit(
      tx,
      actor,
      input.kind === "note" ? "note" : "decision",
      { type: "credential", id: credentialId },
      {
        candidateId: credential.candidateId,
        ...(input.kind === "note" ? {} : { decision: input.kind, verdict: credential.verdict }),
      },
    );
    return { id: row!.id };
  });
}

export interface ReverifyResult {
  from: Verdict;
  to: Verdict;
}

/**
 * Verifies the stored document again now, exactly as the scheduled re-check does (same function: report, verdict,
 * skills and the search outbox row in one transaction, and a recorded verdict change when it changed), then writes
 * the "re-verify" audit entry. Null when the credential does not exist.
 */
export async function reverifyCredential(
  deps: RecheckDeps,
  actor: AuditActor,
  credentialId: string,
): Promise<ReverifyResult | null> {
  const [before] = await deps.db
    .select({ verdict: credentials.verdict, candidateId: credentials.candidateId })
    .from(credentials)
    .where(eq(credentials.id, credentialId));
  if (!before) return null;
  const summary = await recheckCredentials(deps, { credentialIds: [credentialId] });
  if (summary.checked === 0) return null;
  const [after] = await deps.db
    .select({ verdict: credentials.verdict })
    .from(credentials)
    .where(eq(credentials.id, credentialId));
  const result = { from: before.verdict, to: after?.verdict ?? before.verdict };
  await recordAudit(
    deps.db,
    actor,
    "re-verify",
    { type: "credential", id: credentialId },
    { candidateId: before.candidateId, ...result },
  );
  return result;
}

/** The reason recorded on each credential accepted in bulk from the "All checks passed" list. */
export const BULK_ACCEPT_REASON = "Accepted in bulk: every check passed.";

/**
 * Accepts, in one transaction, those of `credentialIds` that are still waiting and passed every check (verified,
 * registered issuer, holder matches): each gets its own decision row and audit entry, as if accepted one by one.
 * Anything else in the list (decided meanwhile, or with a problem) is left for a person. Returns how many were accepted.
 */
export async function acceptPassedInBulk(db: Database, actor: AuditActor, credentialIds: string[]): Promise<number> {
  return db.transaction(async (tx) => {
    const eligible = await filterWaitingAndPassed(tx, [...new Set(credentialIds)].slice(0, 500));
    for (const credentialId of eligible) {
      const [credential] = await tx
        .select({ candidateId: credentials.candidateId })
        .from(credentials)
        .where(eq(credentials.id, credentialId));
      await tx.insert(credentialReviews).values({
        credentialId,
        kind: "accept",
        body: BULK_ACCEPT_REASON,
        staffUserId: actor.id,
        staffEmail: actor.label,
      });
      await recordAudit(
        tx,
        actor,
        "decision",
        { type: "credential", id: credentialId },
        {
          candidateId: credential?.candidateId ?? null,
          decision: "accept",
          verdict: "verified",
          bulk: true,
        },
      );
    }
    return eligible.length;
  });
}

/**
 * Whether "add this issuer to the registry" makes sense on a report: the credential names an issuer the registry
 * can hold (a DID or an https URL) and its issuer check did not pass.
 */
export function canAddToRegistry(credential: { issuerId: string | null; report: VerificationReport }): boolean {
  if (!credential.issuerId || !isIssuerId(credential.issuerId)) return false;
  return !credential.report.checks.some((check) => check.id === "issuer" && check.outcome === "pass");
}

/**
 * "Add this issuer to the registry" from a report: an admin trusts the credential's issuer under the name the
 * credential gives it, exactly as on the registry page (audited "registry.add"; every stored credential from that
 * issuer has its issuer check re-evaluated). Returns the sentence to show, or null when the credential is gone.
 */
export async function trustIssuerOfCredential(
  deps: RegistryAdminDeps,
  actor: AuditActor,
  credentialId: string,
): Promise<string | null> {
  const [credential] = await deps.db
    .select({ issuerId: credentials.issuerId, issuerName: credentials.issuerName, report: credentials.report })
    .from(credentials)
    .where(eq(credentials.id, credentialId));
  if (!credential) return null;
  if (!credential.issuerId || !isIssuerId(credential.issuerId))
    return "This credential names no issuer the registry can hold (a DID or an https URL).";
  const name = credential.issuerName?.trim() || credential.issuerId;
  const { change, reevaluated } = await addTrustedIssuer(deps, actor, {
    issuerId: credential.issuerId,
    name: name.slice(0, 200),
  });
  return `${name} ${change === "added" ? "is now on the trust registry" : "was already on the registry and is updated"}.${describeReevaluated(reevaluated)}`;
}
