import type { CheckId, CheckOutcome } from "#app/verification/report";

export const checkNames: Record<CheckId, string> = {
  format: "Format",
  proof: "Signature",
  validity: "Dates",
  status: "Revocation",
  issuer: "Issuer",
  holder: "Holder",
  credentials: "Contents",
};

export const outcomeWords: Record<CheckOutcome, string> = {
  pass: "passed",
  fail: "failed",
  indeterminate: "could not check",
  "not-applicable": "not applicable",
};
