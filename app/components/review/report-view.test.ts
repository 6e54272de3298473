import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { CheckResult, VerificationReport } from "#app/verification/report";
import { ReportView } from "./report-view";

const check = (
  id: CheckResult["id"],
  outcome: CheckResult["outcome"],
  message: string,
  evidence?: Record<string, string>,
): CheckResult => ({
  id,
  outcome,
  code: `${id}-code`,
  message,
  ...(evidence ? { evidence } : {}),
});

const report = (checks: CheckResult[], credentials: VerificationReport[] = [], name?: string): VerificationReport => ({
  input: "test",
  verdict: checks.some((c) => c.outcome === "fail") ? "failed" : "verified",
  checks,
  credentials,
  skills: [],
  checkedAt: "2026-11-29T10:00:00.000Z",
  ...(name
    ? {
        summary: {
          types: ["VerifiableCredential", "OpenBadgeCredential"],
          format: "obv3",
          achievementName: name,
          issuerName: "Harbour College",
        },
      }
    : {}),
});

describe("the report as the server renders it", () => {
  it("shows each check's sentence with its evidence as a definition list, in reading order", () => {
    const html = renderToStaticMarkup(
      createElement(ReportView, {
        // JSONB hands keys back sorted by length: "Key" before "Suite".
        report: report([
          check("proof", "fail", "The digital signature does not match the content.", {
            Key: "did:key:z6Mk#z6Mk",
            Suite: "DataIntegrityProof (eddsa-rdfc-2022)",
          }),
        ]),
      }),
    );
    expect(html).toContain("Signature: failed");
    expect(html).toContain("The digital signature does not match the content.");
    expect(html).toMatch(
      /<dl class="evidence"[^>]*><div><dt>Suite<\/dt><dd>DataIntegrityProof \(eddsa-rdfc-2022\)<\/dd><\/div><div><dt>Key<\/dt>/,
    );
    expect(html).toContain("Checked 29 Nov 2026, 10:00 UTC.");
  });

  it("shows the members of a CLR inside a presentation, each with its own checks", () => {
    const member = report([check("proof", "fail", "Member one was altered.")], [], "Welding");
    const clr = report(
      [
        check("proof", "pass", "The CLR's signature is valid."),
        check("credentials", "fail", "1 of the 1 credentials in this CLR failed verification."),
      ],
      [member],
      "Transcript",
    );
    const html = renderToStaticMarkup(
      createElement(ReportView, { report: report([check("proof", "not-applicable", "Not signed.")], [clr]) }),
    );
    expect(html).toContain('aria-label="Credential 1: Transcript"');
    expect(html).toContain('aria-label="Credential 1: Welding"');
    expect(html).toContain("Member one was altered.");
    expect(html).toContain("Contents: failed");
    expect(html.match(/class="check-list"/g)).toHaveLength(3);
  });
});
