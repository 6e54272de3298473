/**
 * Verifying an LER-RS résumé: what its report says, for submission and re-checks alike
 * (docs/decisions/009-ler-rs.md). Pure apart from the verifier it wraps.
 */
import { findEmbeddedCredentials, lerRsKind, resumeBody } from "#app/ingest/resolvers/ler-rs";
import { CREDENTIAL_CHECK_IDS, decideVerdict, type CheckId, type CheckResult, type VerifierReport } from "./report";
import type { VerifyDocument } from "./verifier.server";

/** What the candidate and HR see as the document's name. */
export const RESUME_NAME = "Résumé";

/**
 * Wraps the verifier so that LER-RS documents are reported as what they are:
 * - a bare résumé is not sent to the verifier (it is not a credential and would "fail"): its report says nothing
 *   in it is signed; the verdict is then "indeterminate" by the usual rule, never "verified";
 * - a résumé wrapped in a credential is verified like any credential (the signature says who wrote it);
 * and in both cases the report's skills are read from the résumé's `skills[]` as self-asserted (skill source
 * "resume"), so they are searchable as claimed and never count as verified, whatever the verdict. Embedded credentials are items of
 * their own and are not verified here. Anything else goes to the verifier untouched.
 */
export function verifyingResumes(verify: VerifyDocument, now: () => Date): VerifyDocument {
  return async (document, context) => {
    const parsed = parseJsonText(document);
    const kind = lerRsKind(parsed);
    if (kind === "resume") return resumeReport(parsed as Record<string, unknown>, context.input, now());
    const report = await verify(document, context);
    if (kind !== "credential") return report;
    return {
      ...report,
      skillSource: { kind: "resume", resume: parsed as Record<string, unknown> },
      summary: {
        ...(report.summary ?? { types: [] }),
        format: "ler-rs",
        achievementName: report.summary?.achievementName ?? RESUME_NAME,
      },
    };
  };
}

/** Why a résumé has nothing to check but its format. */
const NOTHING_TO_CHECK: Record<Exclude<CheckId, "format" | "credentials">, string> = {
  proof: "A résumé is the candidate's own statement; nothing in it is signed, so its skills are recorded as claimed.",
  validity: "A résumé has no validity period.",
  status: "A résumé has no revocation status.",
  issuer: "A résumé has no issuer: the candidate wrote it.",
  holder: "A résumé is not issued to anyone, so there is no holder to match.",
};

/** The report of a résumé that nobody signed: well-formed, self-asserted, nothing to check. */
export function resumeReport(resume: Record<string, unknown>, input: string, now: Date): VerifierReport {
  const body = resumeBody(resume) ?? resume;
  const { credentials, references } = findEmbeddedCredentials(body);
  const holds = [
    credentials.length ? `${count(credentials.length, "credential")}, each checked as an item of its own` : "",
    references ? `${count(references, "reference")} to verification elsewhere, not followed` : "",
  ].filter(Boolean);
  const format: CheckResult = {
    id: "format",
    outcome: "pass",
    code: "ler-rs-resume",
    message: `The document is an HR Open LER-RS résumé${holds.length ? `; it holds ${holds.join(", and ")}` : ""}.`,
  };
  const checks = CREDENTIAL_CHECK_IDS.map((id): CheckResult =>
    id === "format" ? format : { id, outcome: "not-applicable", code: "self-asserted", message: NOTHING_TO_CHECK[id] },
  );
  const types = (Array.isArray(resume.type) ? resume.type : [resume.type]).filter(
    (t): t is string => typeof t === "string",
  );
  return {
    input,
    // Proof "not applicable" with no member credentials: the rule gives "indeterminate", never "verified".
    verdict: decideVerdict(checks),
    checks,
    credentials: [],
    skillSource: { kind: "resume", resume },
    summary: { types, format: "ler-rs", achievementName: RESUME_NAME },
    checkedAt: now.toISOString(),
  };
}

function parseJsonText(document: unknown): unknown {
  if (typeof document !== "string" || !document.trim().startsWith("{")) return document;
  try {
    return JSON.parse(document);
  } catch {
    return document;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
