import { createHash, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "#db/client.server";
import { enqueueCandidateIndexing } from "#db/queries/search-outbox.server";
import { candidates, credentials, credentialSkills } from "#db/schema/index";
import type { Verdict, VerificationReport } from "#app/verification/report";

/** Bigger documents are refused before parsing: no real credential comes close. */
export const MAX_DOCUMENT_BYTES = 1_000_000;

/** Bump when the consent sentence on the submission page changes; stored with each consent. */
export const CONSENT_TEXT_VERSION = "2026-11-29";

export type VerifyDocument = (
  document: unknown,
  context: { input: string; expectedHolder?: { email?: string } },
) => Promise<VerificationReport>;

export interface SubmitDeps {
  db: Database;
  verify: VerifyDocument;
  now: () => Date;
  /** Called after the transaction commits, to get the change indexed soon. */
  onCommitted?: () => void;
}

export const candidateDetailsSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(200, "Keep the name under 200 characters."),
  email: z.string().trim().toLowerCase().email("Enter a valid email address."),
  headline: z.string().trim().max(300).optional().transform((v) => v || undefined),
  consent: z.literal(true, { errorMap: () => ({ message: "Tick the box to consent to verification." }) }),
});

export type CandidateDetails = z.infer<typeof candidateDetailsSchema>;

export interface SubmittedDocument {
  text: string;
  /** "paste", "upload:<file name>", or the URL it came from. */
  source: string;
}

export type SubmissionOutcome =
  | { status: "rejected"; source: string; reason: string }
  | {
      status: "stored";
      source: string;
      candidateId: string;
      credentialId: string;
      verdict: Verdict;
      report: VerificationReport;
      /** The candidate had already submitted this exact document; nothing new was stored. */
      duplicate: boolean;
    };

/**
 * The submission use case: check size and shape, verify, then store the candidate, the credential, its
 * skills and an outbox row in one transaction. Documents that are not credentials are refused with a
 * sentence and leave nothing behind; credentials that fail verification are kept, with their report,
 * because HR needs to see them.
 */
export async function submitCredential(
  deps: SubmitDeps,
  details: CandidateDetails,
  document: SubmittedDocument,
): Promise<SubmissionOutcome> {
  const rejected = (reason: string): SubmissionOutcome => ({ status: "rejected", source: document.source, reason });

  const bytes = Buffer.byteLength(document.text, "utf8");
  if (bytes === 0 || document.text.trim() === "") return rejected("The document is empty.");
  if (bytes > MAX_DOCUMENT_BYTES) {
    return rejected(`The document is ${(bytes / 1_000_000).toFixed(1)} MB; credentials larger than 1 MB are not accepted.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(document.text);
  } catch (error) {
    return rejected(`The document is not valid JSON (${(error as Error).message}).`);
  }
  const shapeProblem = describeNonCredential(parsed);
  if (shapeProblem) return rejected(shapeProblem);

  const report = await deps.verify(parsed, { input: document.source, expectedHolder: { email: details.email } });
  const contentHash = createHash("sha256").update(document.text).digest("hex");
  const now = deps.now();

  const stored = await deps.db.transaction(async (tx) => {
    const [candidate] = await tx
      .insert(candidates)
      .values({
        id: `cand_${randomUUID()}`,
        displayName: details.name,
        email: details.email,
        headline: details.headline ?? null,
        consentedAt: now,
        consentTextVersion: CONSENT_TEXT_VERSION,
      })
      .onConflictDoUpdate({
        target: candidates.email,
        set: { displayName: details.name, consentedAt: now, consentTextVersion: CONSENT_TEXT_VERSION, updatedAt: now },
      })
      .returning({ id: candidates.id });

    const [existing] = await tx
      .select({ id: credentials.id, verdict: credentials.verdict, report: credentials.report })
      .from(credentials)
      .where(and(eq(credentials.candidateId, candidate.id), eq(credentials.contentHash, contentHash)));
    if (existing) return { candidateId: candidate.id, credentialId: existing.id, duplicate: true };

    const credentialId = `cred_${randomUUID()}`;
    await tx.insert(credentials).values({
      id: credentialId,
      candidateId: candidate.id,
      rawText: document.text,
      contentHash,
      source: document.source,
      format: report.summary?.format ?? "unknown",
      issuerId: report.summary?.issuerId ?? null,
      issuerName: report.summary?.issuerName ?? null,
      achievementName: report.summary?.achievementName ?? null,
      achievementType: report.summary?.achievementType ?? null,
      verdict: report.verdict,
      report,
      verifiedAt: now,
      submittedAt: now,
    });
    if (report.skills.length) {
      await tx.insert(credentialSkills).values(
        report.skills.map((skill) => ({
          credentialId,
          candidateId: candidate.id,
          skillKey: skill.key,
          label: skill.label,
          mapping: skill.mapping,
          framework: skill.framework ?? null,
          targetUrl: skill.targetUrl ?? null,
          source: skill.source,
        })),
      );
    }
    await enqueueCandidateIndexing(tx, [candidate.id]);
    return { candidateId: candidate.id, credentialId, duplicate: false };
  });

  deps.onCommitted?.();
  return { status: "stored", source: document.source, verdict: report.verdict, report, ...stored };
}

/** A sentence saying why a parsed JSON value cannot be a verifiable credential, or null if it might be one. */
function describeNonCredential(value: unknown): string | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return "The document is JSON but not a credential: a credential is a JSON object.";
  }
  const doc = value as Record<string, unknown>;
  const types = ([] as unknown[]).concat(doc.type ?? []);
  if (!("@context" in doc)) {
    return "The document is JSON but not a verifiable credential: it has no @context.";
  }
  if (!types.includes("VerifiableCredential")) {
    return "The document is JSON but not a verifiable credential: its type does not include VerifiableCredential.";
  }
  return null;
}
