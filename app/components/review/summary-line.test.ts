import type { SummaryCheck } from "./summary-line";
import { summarizeChecks } from "./summary-line";

const pass = (id: SummaryCheck["id"]): SummaryCheck => ({ id, outcome: "pass", code: "ok", message: "Fine." });

describe("the summary line above the check list", () => {
  it("says all checks passed when none failed or could not be done", () => {
    expect(summarizeChecks([pass("format"), pass("proof"), { ...pass("issuer"), outcome: "not-applicable" }])).toEqual({
      tone: "pass",
      text: "All checks passed",
    });
  });

  it("names one problem with the credential's own expiry date", () => {
    const checks = [
      pass("proof"),
      { id: "validity", outcome: "fail", code: "expired", message: "The credential expired on 29 November 2026." },
    ] satisfies SummaryCheck[];
    expect(summarizeChecks(checks, { validUntil: "2026-11-29T00:00:00Z" })).toEqual({
      tone: "fail",
      text: "1 problem: expired 29 Nov 2026",
    });
  });

  it("counts several problems and adds what could not be checked after them", () => {
    const checks: SummaryCheck[] = [
      { id: "proof", outcome: "fail", code: "signature-mismatch", message: "The signature does not match." },
      { id: "status", outcome: "fail", code: "revoked", message: "The issuer has revoked this credential." },
      { id: "issuer", outcome: "indeterminate", code: "not-listed", message: "The issuer is not on any registry." },
    ];
    expect(summarizeChecks(checks).text).toBe(
      "2 problems: altered since it was signed; revoked by the issuer · could not check issuer: not on a trusted-issuer registry",
    );
  });

  it("says what could not be checked, and why, when nothing failed", () => {
    const checks: SummaryCheck[] = [
      pass("proof"),
      {
        id: "status",
        outcome: "indeterminate",
        code: "status-error",
        message: "The status list at lists.example could not be read.",
      },
    ];
    expect(summarizeChecks(checks)).toEqual({
      tone: "indeterminate",
      text: "Could not check revocation: the status list at lists.example could not be read",
    });
  });

  it("falls back to the check's own sentence for a problem it has no short words for", () => {
    const checks: SummaryCheck[] = [
      { id: "format", outcome: "fail", code: "invalid-context", message: "The credential's @context is not valid." },
    ];
    expect(summarizeChecks(checks).text).toBe("1 problem: the credential's @context is not valid");
  });
});
