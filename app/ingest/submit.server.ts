import { createHash, randomUUID } from "node:crypto";
import { and, eq, or } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "#db/client.server";
import { enqueueCandidateIndexing } from "#db/queries/search-outbox.server";
import { replaceCredentialSkills } from "#db/queries/credentials.server";
import { candidates, credentials } from "#db/schema/index";
import type { Verdict, VerificationReport } from "#app/verification/report";
import {
  failure,
  type ResolvedDocument,
  type ResolvedItem,
  type ResolvedJwt,
} from "./resolvers/resolved-item";
import { extractFromBakedImage } from "./resolvers/baked-image";
import { resolveShareLink } from "./resolvers/share-link.server";
import { MAX_SUBMITTED_BYTES, parseSubmittedText } from "./resolvers/submitted-text";
import type { SafeFetch } from "./safe-fetch.server";
import { toStorableJson, toStorableText } from "./storable";

/** Bigger documents are refused before parsing: no real credential comes close. */
export const MAX_DOCUMENT_BYTES = MAX_SUBMITTED_BYTES;
/** Credentials one submission (a form, or one API item) may hold once arrays and presentations are unpacked. */
export const MAX_ITEMS_PER_SUBMISSION = 50;

/** Bump when the consent sentence on the submission page changes; stored with each consent. */
export const CONSENT_TEXT_VERSION = "2026-11-29";

export type VerifyDocument = (
  document: unknown,
  context: { input: string; expectedHolder?: { email?: string }; challenge?: string; domain?: string },
) => Promise<VerificationReport>;

export interface SubmitDeps {
  db: Database;
  verify: VerifyDocument;
  now: () => Date;
  /** Fetches share links; without it, links are refused with a sentence. */
  safeFetch?: SafeFetch;
  /** Called after new records commit, to get them indexed soon. */
  onCommitted?: () => void;
}

export const candidateDetailsSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(200, "Keep the name under 200 characters."),
  email: z.string().trim().toLowerCase().max(320, "That is longer than any email address.").email("Enter a valid email address."),
  headline: z.string().trim().max(300).optional().transform((v) => v || undefined),
  consent: z.literal(true, { errorMap: () => ({ message: "Tick the box to consent to verification." }) }),
});

export type CandidateDetails = z.infer<typeof candidateDetailsSchema>;

/** What a candidate hands over: pasted text, an uploaded file (JSON, JWT or a baked badge image), or a share link. */
export type SubmissionInput =
  | { type: "text"; text: string; source: string }
  | { type: "file"; bytes: Uint8Array; source: string }
  | { type: "link"; url: string };

export type SubmissionOutcome =
  | { status: "rejected"; source: string; code: string; reason: string }
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
 * The submission use case: resolve every input into documents (fetching links through the safe fetcher), then
 * verify each and store it in a transaction of its own with its skills and an outbox row. One outcome per
 * document, in order; a bad item never loses the others. Documents that are not credentials are refused with a
 * sentence and leave nothing behind; credentials that fail verification are kept, with their report, because
 * HR needs to see them.
 */
export async function submitItems(
  deps: SubmitDeps,
  details: CandidateDetails,
  inputs: SubmissionInput[],
): Promise<SubmissionOutcome[]> {
  const outcomes: SubmissionOutcome[] = [];
  // Every input is read before anything is verified, so a submission over the cap stores nothing at all.
  const resolved: ResolvedItem[] = [];
  for (const input of inputs) resolved.push(...(await resolveInput(deps, input)));
  if (resolved.length > MAX_ITEMS_PER_SUBMISSION) {
    const reason =
      `This submission holds ${resolved.length} credentials; at most ${MAX_ITEMS_PER_SUBMISSION} are accepted at once. ` +
      "Nothing was stored: send them in smaller parts.";
    return [{ status: "rejected", source: "submission", code: "too-many-items", reason }];
  }
  for (const item of resolved) {
    outcomes.push(
      item.ok
        ? await verifyAndStore(deps, details, item)
        : { status: "rejected", source: item.source, code: item.code, reason: item.reason },
    );
  }
  if (outcomes.some((o) => o.status === "stored" && !o.duplicate)) deps.onCommitted?.();
  return outcomes;
}

async function resolveInput(deps: SubmitDeps, input: SubmissionInput): Promise<ResolvedItem[]> {
  switch (input.type) {
    case "text":
      return parseSubmittedText(input.text, input.source);
    case "link":
      return resolveLink(deps, input.url, input.url);
    case "file": {
      if (!looksLikeImage(input.bytes)) return parseSubmittedText(new TextDecoder().decode(input.bytes), input.source);
      // A baked badge holds the credential itself, or (Open Badges 2.0) the address of its hosted assertion.
      const { items, links } = extractFromBakedImage(input.bytes, input.source);
      const linked = await Promise.all(links.map((link) => resolveLink(deps, link, input.source)));
      return [...items, ...linked.flat()];
    }
  }
}

async function resolveLink(deps: SubmitDeps, url: string, source: string): Promise<ResolvedItem[]> {
  if (!deps.safeFetch) {
    return [failure(source, "scheme-not-allowed", "Links cannot be fetched here; paste or upload the credential instead.")];
  }
  const items = await resolveShareLink(url, { safeFetch: deps.safeFetch });
  return source === url ? items : items.map((item) => ({ ...item, source: `${source} → ${item.source}` }));
}

/** PNG signature, or text that opens like SVG/XML: everything else is read as text (JSON or a JWT). */
function looksLikeImage(bytes: Uint8Array): boolean {
  const png = [0x89, 0x50, 0x4e, 0x47];
  if (png.every((b, i) => bytes[i] === b)) return true;
  const head = new TextDecoder().decode(bytes.subarray(0, 512)).replace(/^\uFEFF/, "").trimStart();
  return head.startsWith("<");
}

async function verifyAndStore(
  deps: SubmitDeps,
  details: CandidateDetails,
  item: ResolvedDocument | ResolvedJwt,
): Promise<SubmissionOutcome> {
  if (item.kind === "unknown") {
    return { status: "rejected", source: item.source, code: "not-a-credential", reason: describeNonCredential(item.document) };
  }
  const document = item.kind === "jwt" ? item.jwt : item.document;
  const report = await deps.verify(document, { input: item.source, expectedHolder: { email: details.email } });
  return storeVerifiedCredential(deps, details, { raw: item.raw, source: item.source }, report);
}

/**
 * Stores a credential that has been verified (alone, or as a member of a presentation whose report this is),
 * with its skills and an outbox row, in one transaction; a duplicate of one the candidate already has is not
 * stored twice.
 */
export async function storeVerifiedCredential(
  deps: Pick<SubmitDeps, "db" | "now">,
  details: CandidateDetails,
  item: { raw: string; source: string },
  verified: VerificationReport,
): Promise<SubmissionOutcome> {
  const contentHash = createHash("sha256").update(item.raw).digest("hex");
  const report = toStorableJson(verified);
  details = toStorableJson(details);
  item = { raw: toStorableText(item.raw), source: toStorableText(item.source) };
  const documentId = report.summary?.id ?? null;
  const issuerId = report.summary?.issuerId ?? null;
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
      .select({ id: credentials.id })
      .from(credentials)
      .where(
        and(
          eq(credentials.candidateId, candidate.id),
          // The same bytes, or the same credential id from the same issuer (a copy re-serialised by a wallet).
          documentId && issuerId
            ? or(
                eq(credentials.contentHash, contentHash),
                and(eq(credentials.documentId, documentId), eq(credentials.issuerId, issuerId)),
              )
            : eq(credentials.contentHash, contentHash),
        ),
      );
    if (existing) return { candidateId: candidate.id, credentialId: existing.id, duplicate: true };

    const credentialId = `cred_${randomUUID()}`;
    await tx.insert(credentials).values({
      id: credentialId,
      candidateId: candidate.id,
      rawText: item.raw,
      contentHash,
      documentId,
      source: item.source,
      format: report.summary?.format ?? "unknown",
      issuerId,
      issuerName: report.summary?.issuerName ?? null,
      achievementName: report.summary?.achievementName ?? null,
      achievementType: report.summary?.achievementType ?? null,
      verdict: report.verdict,
      report,
      verifiedAt: now,
      submittedAt: now,
    });
    await replaceCredentialSkills(tx, { id: credentialId, candidateId: candidate.id }, report.skills);
    await enqueueCandidateIndexing(tx, [candidate.id]);
    return { candidateId: candidate.id, credentialId, duplicate: false };
  });

  return { status: "stored", source: item.source, verdict: report.verdict, report, ...stored };
}

/** A sentence saying why a JSON object that names no credential type is not one. */
function describeNonCredential(value: unknown): string {
  const doc = value as Record<string, unknown>;
  if (!("@context" in doc)) return "The document is JSON but not a verifiable credential: it has no @context.";
  return "The document is JSON but not a verifiable credential: its type does not include VerifiableCredential.";
}
