import { createHash } from "node:crypto";
import { z } from "zod";
import type { Database } from "#db/client.server";
import { canonicalHashOf, storeCredentialRecord, type CandidateTarget } from "#db/queries/store-credential.server";
import { recordAudit, type AuditActor } from "#app/audit/audit.server";
import { applyAliases } from "#app/skills/aliases";
import type { Verdict, VerificationReport, VerifierReport } from "#app/verification/report";
import type { VerifyDocument } from "#app/verification/verifier.server";
import { withSkills } from "#app/skills/report-skills";
import { failure, type ResolvedDocument, type ResolvedItem, type ResolvedJwt } from "./resolvers/resolved-item";
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
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(320, "That is longer than any email address.")
    .email("Enter a valid email address."),
  headline: z
    .string()
    .trim()
    .max(300)
    .optional()
    .transform((v) => v || undefined),
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
      /** Other stored documents with the same id and issuer but different content: this one is a version of its own. */
      otherVersions: number;
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
  target: CandidateTarget = { kind: "by-email" },
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
        ? await verifyAndStore(deps, details, item, target)
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
    return [
      failure(source, "scheme-not-allowed", "Links cannot be fetched here; paste or upload the credential instead."),
    ];
  }
  const items = await resolveShareLink(url, { safeFetch: deps.safeFetch });
  return source === url ? items : items.map((item) => ({ ...item, source: `${source} → ${item.source}` }));
}

/** PNG signature, or text that opens like SVG/XML: everything else is read as text (JSON or a JWT). */
function looksLikeImage(bytes: Uint8Array): boolean {
  const png = [0x89, 0x50, 0x4e, 0x47];
  if (png.every((b, i) => bytes[i] === b)) return true;
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF/, "")
    .trimStart();
  return head.startsWith("<");
}

async function verifyAndStore(
  deps: SubmitDeps,
  details: CandidateDetails,
  item: ResolvedDocument | ResolvedJwt,
  target: CandidateTarget,
): Promise<SubmissionOutcome> {
  if (item.kind === "unknown") {
    return {
      status: "rejected",
      source: item.source,
      code: "not-a-credential",
      reason: describeNonCredential(item.document),
    };
  }
  const document = item.kind === "jwt" ? item.jwt : item.document;
  const report = await deps.verify(document, { input: item.source, expectedHolder: { email: details.email } });
  return storeVerifiedCredential(deps, details, { raw: item.raw, source: item.source }, report, { target });
}

/**
 * Stores a credential that has been verified (alone, or as a member of a presentation whose report this is),
 * with the skills its report vouches for and an outbox row, in one transaction; identical content the candidate
 * already has is not stored twice. Public submissions name their own pending record (`target`), trusted callers
 * the email's.
 */
export async function storeVerifiedCredential(
  deps: Pick<SubmitDeps, "db" | "now">,
  details: CandidateDetails,
  item: { raw: string; source: string },
  verified: VerifierReport,
  options: { target?: CandidateTarget; holderDid?: string } = {},
): Promise<SubmissionOutcome> {
  const contentHash = createHash("sha256").update(item.raw).digest("hex");
  const canonicalHash = canonicalHashOf(item.raw);
  const report = toStorableJson(withSkills(verified));
  details = toStorableJson(details);
  item = { raw: toStorableText(item.raw), source: toStorableText(item.source) };
  const now = deps.now();
  const stored = await storeCredentialRecord(
    deps.db,
    {
      candidate: { ...details, consentedAt: now, consentTextVersion: CONSENT_TEXT_VERSION },
      target: options.target ?? { kind: "by-email" },
      rawText: item.raw,
      contentHash,
      canonicalHash,
      source: item.source,
      report,
      skills: report.skills,
      holderBinding: { email: details.email, ...(options.holderDid ? { did: options.holderDid } : {}) },
      now,
    },
    applyAliases,
  );
  return { status: "stored", source: item.source, verdict: report.verdict, report, ...stored };
}

/** A sentence saying why a JSON object that names no credential type is not one. */
function describeNonCredential(value: unknown): string {
  const doc = value as Record<string, unknown>;
  if (!("@context" in doc)) return "The document is JSON but not a verifiable credential: it has no @context.";
  return "The document is JSON but not a verifiable credential: its type does not include VerifiableCredential.";
}

/**
 * A trusted caller (an API key, an operator's `attest import`) asserted who the candidate is: the audit trail
 * records which, once per candidate the call stored into (decision 011).
 */
export async function recordIdentityAssertion(
  db: Database,
  actor: AuditActor,
  outcomes: SubmissionOutcome[],
  via: { via: "api" | "cli"; key?: string },
): Promise<void> {
  const stored = new Set(outcomes.flatMap((o) => (o.status === "stored" && !o.duplicate ? [o.candidateId] : [])));
  for (const candidateId of stored)
    await recordAudit(db, actor, "candidate.assert", { type: "candidate", id: candidateId }, via);
}
