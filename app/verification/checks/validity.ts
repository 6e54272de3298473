import type { CheckResult } from "../report";
import { formatDate, parseDateTime, type JsonObject } from "./util";

/** Clocks disagree a little; the vc library allows the same five minutes. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Validity period: `validFrom`/`validUntil` (VC 2.0) or `issuanceDate`/`expirationDate` (VC 1.1), against
 * `now`. Reported here rather than as a proof failure, so "expired" never reads as "forged".
 */
export function checkValidity(credential: JsonObject, now: Date): CheckResult {
  const fromRaw = credential.validFrom ?? credential.issuanceDate;
  const untilRaw = credential.validUntil ?? credential.expirationDate;
  const from = fromRaw === undefined ? null : parseDateTime(fromRaw);
  const until = untilRaw === undefined ? null : parseDateTime(untilRaw);
  // The dates exactly as the credential states them, with the field each came from, and the clock they met.
  const evidence: Record<string, string> = {};
  if (fromRaw !== undefined)
    evidence[`Valid from (${credential.validFrom !== undefined ? "validFrom" : "issuanceDate"})`] = String(fromRaw);
  if (untilRaw !== undefined)
    evidence[`Valid until (${credential.validUntil !== undefined ? "validUntil" : "expirationDate"})`] =
      String(untilRaw);
  evidence["Checked at"] = now.toISOString();
  evidence["Clock tolerance"] = `${MAX_CLOCK_SKEW_MS / 60_000} minutes`;

  if ((fromRaw !== undefined && !from) || (untilRaw !== undefined && !until)) {
    return {
      id: "validity",
      outcome: "fail",
      code: "invalid-date",
      message: "The credential's validity dates are not valid dates, so its validity period cannot be trusted.",
      evidence,
    };
  }
  if (until && now.getTime() - until.getTime() > MAX_CLOCK_SKEW_MS) {
    return {
      id: "validity",
      outcome: "fail",
      code: "expired",
      message: `The credential expired on ${formatDate(until)}.`,
      evidence,
    };
  }
  if (from && from.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) {
    return {
      id: "validity",
      outcome: "fail",
      code: "not-yet-valid",
      message: `The credential is not valid yet: it only becomes valid on ${formatDate(from)}.`,
      evidence,
    };
  }
  const period = [from && `from ${formatDate(from)}`, until && `until ${formatDate(until)}`].filter(Boolean).join(" ");
  return {
    id: "validity",
    outcome: "pass",
    code: "within-validity-period",
    message: period
      ? `The credential is within its validity period (valid ${period}).`
      : "The credential has no expiry date.",
    evidence,
  };
}
