/**
 * Words for the dashboard's codes, shared by the server and the browser. Check codes come from the verification
 * report (app/verification/checks); a code without an entry here is shown as itself, dashes turned to spaces.
 */
import type { Verdict } from "#app/verification/report";

export type Period = "day" | "week";

/** The issuer check's outcome: listed on the trust registry, not listed, no registry configured, not reached. */
export type IssuerTrust = "trusted" | "untrusted" | "no-registry" | "not-checked";

export const ISSUER_TRUST_LABELS: Record<IssuerTrust, string> = {
  trusted: "On the registry",
  untrusted: "Not on the registry",
  "no-registry": "No registry set up",
  "not-checked": "Not checked",
};

const REASONS: Record<string, string> = {
  "signature-mismatch": "Signature does not match",
  "invalid-proof": "Invalid proof",
  "base-proof": "Undisclosed base proof",
  "broken-chain": "Broken proof chain",
  "no-proof": "No proof",
  "wrong-proof-purpose": "Wrong proof purpose",
  "issuer-key-mismatch": "Key not the issuer's",
  "challenge-mismatch": "Challenge mismatch",
  "unsupported-suite": "Unsupported signature suite",
  "key-unresolvable": "Key could not be resolved",
  "context-unavailable": "Context unavailable",
  "unknown-context": "Unknown context",
  "invalid-context": "Invalid or oversized @context",
  "invalid-text": "Text that is not valid Unicode",
  "unsigned-member": "A member no signature covers",
  "invalid-field": "A field without its required type",
  "invalid-related-resource": "Malformed related resource",
  "undefined-terms": "Undefined terms",
  "invalid-structure": "Invalid structure",
  "not-an-object": "Not a credential",
  "too-deep": "Nested too deeply",
  "invalid-date": "Invalid date",
  expired: "Expired",
  "not-yet-valid": "Not yet valid",
  revoked: "Revoked",
  suspended: "Suspended",
  "status-unreachable": "Status list unreachable",
  "status-list-unverified": "Status list not verifiable",
  "status-error": "Status check error",
  "unsupported-status-type": "Unsupported status type",
  "credential-failed": "A member credential failed",
  "credential-indeterminate": "A member could not be checked",
  "unsigned-presentation": "Unsigned presentation",
  "no-credentials": "No credentials inside",
  unknown: "Reason not recorded",
};

export function reasonLabel(code: string): string {
  return REASONS[code] ?? code.replaceAll("-", " ");
}

/** "revoked", "expired", "could no longer be checked"…: what happened to a credential, for "3 credentials revoked". */
export function changePhrase(toVerdict: Verdict, reason: string): string {
  if (toVerdict === "verified") return "verified again";
  if (toVerdict === "indeterminate") return `could no longer be checked (${reasonLabel(reason).toLowerCase()})`;
  if (reason === "revoked" || reason === "suspended" || reason === "expired") return reason;
  return `failed (${reasonLabel(reason).toLowerCase()})`;
}

/** A valid signature from an issuer not on the registry, under the "registered issuers only" policy. */
export const UNREGISTERED_LABEL = "Unregistered issuer";

export const VERDICT_LABELS: Record<Verdict, string> = {
  verified: "Verified",
  failed: "Failed",
  indeterminate: "Could not check",
};
