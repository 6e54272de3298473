/**
 * The verification report: what Attest tells a person (and a script) about one input.
 * Shared by the server, the UI, the CLI and the API, so everything here is plain data.
 */

/**
 * Every check, in the order a report lists them. "credentials" appears only on containers (presentations, CLRs):
 * the outcome of their member credentials.
 */
export const CHECK_IDS = ["format", "proof", "validity", "status", "issuer", "holder", "credentials"] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** The checks of one credential (every check but a container's "credentials"), in report order. */
export const CREDENTIAL_CHECK_IDS = CHECK_IDS.filter(
  (id): id is Exclude<CheckId, "credentials"> => id !== "credentials",
);

/** The checks that decide a verdict; issuer trust and holder match are reported beside it. */
export const DECISIVE_CHECKS: ReadonlySet<CheckId> = new Set(["format", "proof", "validity", "status", "credentials"]);

/** The decisive checks whose "could not check" makes the verdict "indeterminate" (a date or format always decides). */
export const INDETERMINATE_WHEN_UNCHECKED: ReadonlySet<CheckId> = new Set(["proof", "status", "credentials"]);

/** "indeterminate" means "could not check", and is never folded into pass or fail. */
export type CheckOutcome = "pass" | "fail" | "indeterminate" | "not-applicable";

export type Verdict = "verified" | "failed" | "indeterminate";

export interface CheckResult {
  id: CheckId;
  outcome: CheckOutcome;
  /** Stable machine code, e.g. "signature-mismatch", "expired", "unsupported-suite". */
  code: string;
  /** One sentence for a person. */
  message: string;
  /**
   * The facts behind the outcome, for a reviewer to check by hand: which key signed, which status list and index,
   * which registry entry matched, which dates were compared. Labels are short phrases ("Status list", "Key").
   */
  evidence?: Record<string, string>;
}

export interface ExtractedSkill {
  /** Canonical key, e.g. "esco:ccd0a1d9-…", "onet:15-1252.00", "name:python". */
  key: string;
  label: string;
  /** How the key was made: from a framework code, a target URL, or the normalised name. */
  mapping: "code" | "url" | "name";
  framework?: string;
  targetUrl?: string;
  /** The raw strings as they appeared in the credential. */
  source: "alignment" | "achievement" | "tag" | "result" | "resume";
  /** Claimed by the person (LER-RS skills[]): searchable, never verified. */
  selfAsserted?: boolean;
}

export interface VerificationReport {
  /** What was verified: a file name, a URL or "pasted text". */
  input: string;
  verdict: Verdict;
  checks: CheckResult[];
  /** Nested reports (presentation members, CLR members). */
  credentials: VerificationReport[];
  /** Skills extracted from the signed content (by the submission code, app/skills/report-skills.ts); empty when
   * the document could not be parsed. */
  skills: ExtractedSkill[];
  /** Summary of the credential for display, when it could be parsed. */
  summary?: CredentialSummary;
  checkedAt: string;
}

export interface CredentialSummary {
  id?: string;
  types: string[];
  /** "ler-rs": an HR Open résumé, bare or wrapped in a credential; its skills are the candidate's own claims. */
  format: "obv3" | "vc" | "clr" | "ob2" | "vp" | "ler-rs" | "unknown";
  /** How the credential was secured, when known: an embedded proof, a JWT, an SD-JWT VC, or Open Badges 2.0 hosting. */
  securing?: "proof" | "jwt" | "sd-jwt" | "hosted";
  issuerId?: string;
  /** From the trust registry when the issuer is listed, otherwise as the credential describes itself. */
  issuerName?: string;
  issuerNameSource?: "registry" | "credential";
  achievementName?: string;
  achievementType?: string;
  subjectId?: string;
  validFrom?: string;
  validUntil?: string;
}

/**
 * Verdict rule: failed if format, proof, validity, status or (for containers) the member credentials fail;
 * else indeterminate if proof, status or a member could not be checked; else verified. Issuer trust and
 * holder match are reported beside the verdict. An unsigned presentation (proof not applicable) is as good
 * as its members: the wrapper adds no claim of its own.
 */
export function decideVerdict(checks: CheckResult[]): Verdict {
  const decisive = checks.filter((c) => DECISIVE_CHECKS.has(c.id));
  if (decisive.some((c) => c.outcome === "fail")) return "failed";
  if (decisive.some((c) => INDETERMINATE_WHEN_UNCHECKED.has(c.id) && c.outcome === "indeterminate")) {
    return "indeterminate";
  }
  const proof = decisive.find((c) => c.id === "proof");
  const members = decisive.find((c) => c.id === "credentials");
  if (proof?.outcome === "pass") return "verified";
  if (proof?.outcome === "not-applicable" && members?.outcome === "pass") return "verified";
  return "indeterminate";
}

/**
 * What a report's skills are read from: the content its checks covered. A credential's is the credential as the
 * verifier read it (a JWT's `vc` claim, an SD-JWT VC's disclosed claims or an Open Badges 2.0 BadgeClass, shaped
 * as Open Badges 3.0); a résumé's skills are the candidate's own claims, never verified.
 */
export type SkillSource =
  { kind: "credential"; credential: Record<string, unknown> } | { kind: "resume"; resume: Record<string, unknown> };

/**
 * A report as the verifier makes it: the checks and verdict, and where its skills come from, which the code that
 * stores or shows the report turns into `skills` (app/skills/report-skills.ts). Verification itself knows
 * nothing of skills.
 */
export type VerifierReport = Omit<VerificationReport, "skills" | "credentials"> & {
  credentials: VerifierReport[];
  skillSource?: SkillSource;
};
