/**
 * The JSON that `credentials.report` holds: a verification report as app/verification/report.ts defines it. Written
 * out here because db/ is the ground floor and imports nothing from app/; app/verification/stored-report.test.ts
 * fails to compile when the two drift apart, so a change to the report is a change to what is stored, made on purpose.
 */

export type StoredCheckId = "format" | "proof" | "validity" | "status" | "issuer" | "holder" | "credentials";

export type StoredCheckOutcome = "pass" | "fail" | "indeterminate" | "not-applicable";

export type StoredVerdict = "verified" | "failed" | "indeterminate";

export interface StoredCheck {
  id: StoredCheckId;
  outcome: StoredCheckOutcome;
  code: string;
  message: string;
  evidence?: Record<string, string>;
}

/** A skill as extracted from a credential, before aliases (credential_skills stores it after them). */
export interface StoredSkill {
  key: string;
  label: string;
  mapping: "code" | "url" | "name";
  framework?: string;
  targetUrl?: string;
  source: "alignment" | "achievement" | "tag" | "result" | "resume";
  selfAsserted?: boolean;
}

export interface StoredSummary {
  id?: string;
  types: string[];
  format: "obv3" | "vc" | "clr" | "ob2" | "vp" | "ler-rs" | "unknown";
  securing?: "proof" | "jwt" | "sd-jwt" | "hosted";
  issuerId?: string;
  issuerName?: string;
  issuerNameSource?: "registry" | "credential";
  achievementName?: string;
  achievementType?: string;
  subjectId?: string;
  validFrom?: string;
  validUntil?: string;
}

export interface StoredReport {
  input: string;
  verdict: StoredVerdict;
  checks: StoredCheck[];
  credentials: StoredReport[];
  skills: StoredSkill[];
  summary?: StoredSummary;
  checkedAt: string;
}
