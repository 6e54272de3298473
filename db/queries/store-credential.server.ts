import { createHash, randomUUID } from "node:crypto";
import { and, eq, ne } from "drizzle-orm";
import type { Database } from "../client.server";
import { candidates, credentials, type HolderBinding } from "../schema/index";
import type { StoredReport, StoredSkill } from "../schema/stored-report";
import { replaceCredentialSkills } from "./credentials.server";
import type { ApplyAliases } from "./skill-aliases.server";
import { enqueueCandidateIndexing } from "./search-outbox.server";

/**
 * Whose record a credential joins (decision 011):
 * - "by-email": a trusted caller (API key, operator, demo seed) asserts who the candidate is; the known candidate
 *   with that email is updated, or created;
 * - "pending": a public submission whose email is not confirmed: a record of its own, created with the first
 *   credential, that no other submission can touch;
 * - "existing": a public submission whose submitter proved they are this candidate (a DID they proved before).
 */
export type CandidateTarget =
  | { kind: "by-email" }
  | { kind: "pending"; candidateId: string; submissionId: string }
  | { kind: "existing"; candidateId: string; submissionId: string };

export interface CredentialRecord {
  candidate: { name: string; email: string; headline?: string; consentedAt: Date; consentTextVersion: string };
  target: CandidateTarget;
  rawText: string;
  /** sha256 of rawText. */
  contentHash: string;
  /** The same document however it is serialised (keys sorted, no whitespace): a re-serialised copy is a duplicate. */
  canonicalHash: string;
  source: string;
  report: StoredReport;
  skills: StoredSkill[];
  holderBinding: HolderBinding;
  now: Date;
}

export interface StoredCredential {
  candidateId: string;
  credentialId: string;
  /** The candidate already had this exact document; nothing new was stored. */
  duplicate: boolean;
  /** Other stored documents with the same credential id and issuer but different content (earlier versions, or a tampered copy). */
  otherVersions: number;
}

/**
 * Stores one verified credential with its skills (mapped through the alias table by `applyAliases`, app/skills) and a
 * search-outbox row, in one transaction. Identical content
 * is a duplicate; a different document that reuses a stored one's `id` is kept as a version of its own, so a
 * tampered copy sent first can never block the genuine credential (each version's verdict backs its own skills).
 */
export async function storeCredentialRecord(
  db: Database,
  record: CredentialRecord,
  applyAliases: ApplyAliases,
): Promise<StoredCredential> {
  const { report, now } = record;
  const documentId = report.summary?.id ?? null;
  const issuerId = report.summary?.issuerId ?? null;
  return db.transaction(async (tx) => {
    const candidateId = await ensureCandidate(tx, record);
    const sameDocument =
      documentId && issuerId
        ? await tx
            .select({ id: credentials.id, rawText: credentials.rawText })
            .from(credentials)
            .where(
              and(
                eq(credentials.candidateId, candidateId),
                eq(credentials.documentId, documentId),
                eq(credentials.issuerId, issuerId),
              ),
            )
        : [];
    const [exact] = await tx
      .select({ id: credentials.id })
      .from(credentials)
      .where(and(eq(credentials.candidateId, candidateId), eq(credentials.contentHash, record.contentHash)));
    const copy = exact ?? sameDocument.find((row) => canonicalHashOf(row.rawText) === record.canonicalHash);
    if (copy)
      return {
        candidateId,
        credentialId: copy.id,
        duplicate: true,
        otherVersions: sameDocument.length - (exact ? 1 : 0),
      };

    const credentialId = `cred_${randomUUID()}`;
    await tx.insert(credentials).values({
      id: credentialId,
      candidateId,
      rawText: record.rawText,
      contentHash: record.contentHash,
      documentId,
      source: record.source,
      format: report.summary?.format ?? "unknown",
      issuerId,
      issuerName: report.summary?.issuerName ?? null,
      achievementName: report.summary?.achievementName ?? null,
      achievementType: report.summary?.achievementType ?? null,
      verdict: report.verdict,
      report,
      verifiedAt: now,
      submittedAt: now,
      submissionId: record.target.kind === "by-email" ? null : record.target.submissionId,
      holderBinding: record.holderBinding,
    });
    await replaceCredentialSkills(tx, { id: credentialId, candidateId }, record.skills, applyAliases);
    await enqueueCandidateIndexing(tx, [candidateId]);
    return { candidateId, credentialId, duplicate: false, otherVersions: sameDocument.length };
  });
}

async function ensureCandidate(tx: Database, record: CredentialRecord): Promise<string> {
  const { candidate, target, now } = record;
  const values = {
    displayName: candidate.name,
    email: candidate.email,
    headline: candidate.headline ?? null,
    consentedAt: candidate.consentedAt,
    consentTextVersion: candidate.consentTextVersion,
  };
  switch (target.kind) {
    case "existing":
      return target.candidateId;
    case "pending":
      // Created by the submission's first stored credential; its id is the submission's own, so nothing else joins it.
      await tx
        .insert(candidates)
        .values({ id: target.candidateId, identity: "pending", ...values })
        .onConflictDoNothing();
      return target.candidateId;
    case "by-email": {
      const [row] = await tx
        .insert(candidates)
        .values({ id: `cand_${randomUUID()}`, identity: "asserted", ...values })
        .onConflictDoUpdate({
          target: candidates.email,
          targetWhere: ne(candidates.identity, "pending"),
          set: {
            displayName: candidate.name,
            consentedAt: candidate.consentedAt,
            consentTextVersion: candidate.consentTextVersion,
            updatedAt: now,
          },
        })
        .returning({ id: candidates.id });
      return row.id;
    }
  }
}

/** sha256 of the document with its keys sorted and no whitespace; a JWT or other text is hashed as it is, trimmed. */
export function canonicalHashOf(rawText: string): string {
  let canonical = rawText.trim();
  try {
    canonical = JSON.stringify(sortKeys(JSON.parse(rawText)));
  } catch {
    // not JSON: a JWT's bytes are its identity
  }
  return sha256Hex(canonical);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");
