import type { CheckResult, VerificationReport } from "#app/verification/report";
import { toReceiptItem } from "./receipt";

function report(verdict: VerificationReport["verdict"], checks: CheckResult[]): VerificationReport {
  return {
    input: "pasted text",
    verdict,
    checks,
    credentials: [],
    skills: [],
    summary: { types: ["VerifiableCredential"], format: "obv3", achievementName: "Welding Level 2" },
    checkedAt: "2026-01-01T00:00:00Z",
  };
}

const pass = (id: CheckResult["id"]): CheckResult => ({ id, outcome: "pass", code: "ok", message: `${id} ok` });

describe("toReceiptItem", () => {
  it("says a verified credential verified, with no reasons", () => {
    const item = toReceiptItem({
      status: "stored",
      source: "s",
      credentialId: "c",
      duplicate: false,
      report: report("verified", [pass("proof")]),
    });
    expect(item).toMatchObject({ tone: "ok", headline: "“Welding Level 2” verified.", reasons: [] });
  });

  it("gives the sentence of each failed or unchecked check, but not issuer or holder notes", () => {
    const item = toReceiptItem({
      status: "stored",
      source: "s",
      credentialId: "c",
      duplicate: true,
      report: report("failed", [
        { id: "proof", outcome: "fail", code: "signature-mismatch", message: "The signature does not match." },
        { id: "status", outcome: "indeterminate", code: "not-checked", message: "Status was not checked." },
        { id: "issuer", outcome: "indeterminate", code: "not-listed", message: "Internal registry note." },
        pass("validity"),
      ]),
    });
    expect(item.tone).toBe("bad");
    expect(item.headline).toContain("did not verify");
    expect(item.headline).toContain("already submitted");
    expect(item.reasons).toEqual(["The signature does not match.", "Status was not checked."]);
  });

  it("explains that an unchecked credential is kept for review", () => {
    const item = toReceiptItem({
      status: "stored",
      source: "s",
      credentialId: "c",
      duplicate: false,
      report: report("indeterminate", []),
    });
    expect(item).toMatchObject({ tone: "warn" });
    expect(item.headline).toMatch(/could not be fully checked/);
  });

  it("passes a refusal's reason through", () => {
    expect(toReceiptItem({ status: "rejected", source: "s", reason: "The document is empty." })).toMatchObject({
      tone: "bad",
      headline: "Not accepted",
      reasons: ["The document is empty."],
    });
  });
});
