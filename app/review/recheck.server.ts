import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { enqueueCandidateIndexing } from "#db/queries/search-outbox.server";
import { replaceCredentialSkills } from "#db/queries/credentials.server";
import { applyAliases } from "#app/skills/aliases";
import { candidates, credentials, verdictChanges, type HolderBinding } from "#db/schema/index";
import type { VerifyDocument } from "#app/verification/verifier.server";
import { withSkills } from "#app/skills/report-skills";
import type { Verdict } from "#app/verification/report";

export interface RecheckDeps {
  db: Database;
  verify: VerifyDocument;
  now: () => Date;
  onCommitted?: () => void;
}

export interface VerdictChange {
  credentialId: string;
  candidateId: string;
  from: Verdict;
  to: Verdict;
  reason: string | null;
}

export interface RecheckSummary {
  checked: number;
  changed: VerdictChange[];
}

/**
 * Verifies stored credentials again from their raw text (status lists and dates change; signatures do not, so
 * the verifier's cache skips them). Each credential is updated in its own transaction with its skills, an
 * outbox row and, when the verdict changed, a recorded change, so a skill turns back to claimed in search
 * once revocation or expiry is found. Runs a few at a time; `onProgress` reports how far it got.
 */
export async function recheckCredentials(
  deps: RecheckDeps,
  options: { credentialIds?: string[]; batchSize?: number; onProgress?: (done: number) => void } = {},
): Promise<RecheckSummary> {
  const batchSize = options.batchSize ?? 50;
  const summary: RecheckSummary = { checked: 0, changed: [] };
  let after = "";
  for (;;) {
    const rows = await deps.db
      .select({
        id: credentials.id,
        candidateId: credentials.candidateId,
        rawText: credentials.rawText,
        source: credentials.source,
        verdict: credentials.verdict,
        email: candidates.email,
        holderBinding: credentials.holderBinding,
      })
      .from(credentials)
      .innerJoin(candidates, eq(candidates.id, credentials.candidateId))
      .where(
        and(
          gt(credentials.id, after),
          options.credentialIds ? inArray(credentials.id, options.credentialIds) : undefined,
        ),
      )
      .orderBy(asc(credentials.id))
      .limit(batchSize);
    for (const row of rows) {
      const change = await recheckOne(deps, row);
      if (change) summary.changed.push(change);
      summary.checked++;
    }
    options.onProgress?.(summary.checked);
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1].id;
  }
  if (summary.checked) deps.onCommitted?.();
  return summary;
}

async function recheckOne(
  deps: RecheckDeps,
  row: {
    id: string;
    candidateId: string;
    rawText: string;
    source: string;
    verdict: Verdict;
    email: string;
    holderBinding: HolderBinding | null;
  },
): Promise<VerdictChange | null> {
  let document: unknown = row.rawText;
  try {
    document = JSON.parse(row.rawText);
  } catch {
    // JWT text stays a string; the verifier tells them apart.
  }
  // Every identity the credential was bound to when it was submitted (the email given, the DID that signed the
  // wallet's presentation); credentials stored before bindings were recorded fall back to the record's email.
  const expectedHolder = row.holderBinding ?? { email: row.email };
  const report = withSkills(await deps.verify(document, { input: row.source, expectedHolder }));
  const now = deps.now();
  const decisive =
    report.checks.find((c) => c.outcome === "fail") ?? report.checks.find((c) => c.outcome === "indeterminate");
  await deps.db.transaction(async (tx) => {
    await tx
      .update(credentials)
      .set({ verdict: report.verdict, report, verifiedAt: now })
      .where(eq(credentials.id, row.id));
    await replaceCredentialSkills(tx, { id: row.id, candidateId: row.candidateId }, report.skills, applyAliases);
    if (report.verdict !== row.verdict) {
      await tx.insert(verdictChanges).values({
        credentialId: row.id,
        fromVerdict: row.verdict,
        toVerdict: report.verdict,
        reason: decisive?.code ?? null,
        changedAt: now,
      });
    }
    await enqueueCandidateIndexing(tx, [row.candidateId]);
  });
  return report.verdict === row.verdict
    ? null
    : {
        credentialId: row.id,
        candidateId: row.candidateId,
        from: row.verdict,
        to: report.verdict,
        reason: decisive?.code ?? null,
      };
}
