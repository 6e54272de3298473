import type { CheckResult } from "../report";

/**
 * Issuer trust is an allow-list question, separate from the signature, and reported beside the verdict.
 * No trust registry exists yet, so this says so rather than guessing.
 */
export function checkIssuer(): CheckResult {
  return {
    id: "issuer",
    outcome: "not-applicable",
    code: "no-registry",
    message: "No trusted-issuer registry is configured yet, so the issuer's identity has not been checked against one.",
  };
}
