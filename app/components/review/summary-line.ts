import type { CheckId, CheckOutcome } from "#app/verification/report";
import { formatDate } from "#app/components/format";
import { checkNames } from "./check-words";

/** A stored check as the candidate page and the report both have it (the page reads no evidence). */
export interface SummaryCheck {
  id: CheckId;
  outcome: CheckOutcome;
  code?: string;
  message: string;
}

export interface SummaryLine {
  tone: "pass" | "fail" | "indeterminate";
  text: string;
}

/**
 * One line above the check list that says what matters: "All checks passed", "1 problem: expired 29 Nov 2026",
 * "2 problems: revoked; signature does not match", "Could not check revocation: the status list could not be
 * reached". Problems (failed checks) come first; checks that could not be done follow. `validFrom`/`validUntil`
 * come from the stored summary, so the date in "expired …" is the credential's own.
 */
export function summarizeChecks(
  checks: SummaryCheck[],
  dates: { validFrom?: string | null; validUntil?: string | null } = {},
): SummaryLine {
  const failed = checks.filter((c) => c.outcome === "fail");
  const unchecked = checks.filter((c) => c.outcome === "indeterminate");
  const couldNot = unchecked.length
    ? `could not check ${unchecked.map((c) => `${checkNames[c.id].toLowerCase()}: ${uncheckedPhrase(c)}`).join("; ")}`
    : null;
  if (failed.length) {
    const problems = `${failed.length} problem${failed.length === 1 ? "" : "s"}: ${failed.map((c) => problemPhrase(c, dates)).join("; ")}`;
    return { tone: "fail", text: couldNot ? `${problems} · ${couldNot}` : problems };
  }
  if (couldNot) return { tone: "indeterminate", text: capitalise(couldNot) };
  if (!checks.some((c) => c.outcome === "pass")) return { tone: "indeterminate", text: "Nothing could be checked" };
  return { tone: "pass", text: "All checks passed" };
}

/** A failed check in a few words; the check's own sentence when there is no shorter way to say it. */
function problemPhrase(check: SummaryCheck, dates: { validFrom?: string | null; validUntil?: string | null }) {
  switch (check.code) {
    case "expired":
      return dates.validUntil && validDate(dates.validUntil) ? `expired ${formatDate(dates.validUntil)}` : "expired";
    case "not-yet-valid":
      return dates.validFrom && validDate(dates.validFrom)
        ? `not valid until ${formatDate(dates.validFrom)}`
        : "not valid yet";
    case "revoked":
      return "revoked by the issuer";
    case "suspended":
      return "suspended by the issuer";
    case "signature-mismatch":
    case "tampered-disclosure":
      return "altered since it was signed";
    case "holder-mismatch":
      return "names a different person";
    default:
      return sentenceAsPhrase(check.message);
  }
}

function uncheckedPhrase(check: SummaryCheck) {
  switch (check.code) {
    case "not-listed":
      return "not on a trusted-issuer registry";
    case "status-unreachable":
      return "the status list could not be reached";
    default:
      return sentenceAsPhrase(check.message);
  }
}

/** "The credential names …." → "the credential names …", so it reads inside a line. */
function sentenceAsPhrase(message: string): string {
  const trimmed = message.trim().replace(/\.$/, "");
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : trimmed;
}

const capitalise = (text: string) => text[0]!.toUpperCase() + text.slice(1);
const validDate = (value: string) => !Number.isNaN(new Date(value).getTime());
