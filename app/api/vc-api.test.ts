/**
 * The VC-API answer's shape, as the W3C VC-API verifier test suite reads it: `errors` says why an answer is not
 * "verified" (failed or could not check) and is empty on a verified one; what did not decide the verdict is a
 * warning; a credential sent as JSON text inside a string is a parsing error.
 */
import { readFileSync } from "node:fs";
import type { CheckResult, VerificationReport } from "#app/verification/report";
import { decideVerdict } from "#app/verification/report";
import { createVerifier } from "#app/verification/verifier.server";
import { toVcApiResult } from "./vc-api";
import { verifyApiRequest } from "./verify-request.server";

const fixture = (name: string) => readFileSync(`app/verification/fixtures/outcomes/${name}`, "utf8");
const NOW = new Date("2026-01-01T00:00:00Z");

function reportOf(checks: Array<Pick<CheckResult, "id" | "outcome">>): VerificationReport {
  const full = checks.map((c) => ({
    ...c,
    code: `${c.id}-${c.outcome}`,
    message: `The ${c.id} check said ${c.outcome}.`,
  }));
  return {
    input: "test",
    credentials: [],
    checkedAt: NOW.toISOString(),
    verdict: decideVerdict(full),
    checks: full,
    skills: [],
  };
}

describe("toVcApiResult", () => {
  test("a verified answer has no errors; a holder mismatch and an unlisted issuer are warnings", () => {
    const result = toVcApiResult(
      reportOf([
        { id: "format", outcome: "pass" },
        { id: "proof", outcome: "pass" },
        { id: "validity", outcome: "pass" },
        { id: "status", outcome: "not-applicable" },
        { id: "issuer", outcome: "fail" },
        { id: "holder", outcome: "fail" },
      ]),
    );
    expect(result.verified).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual(["issuer: The issuer check said fail.", "holder: The holder check said fail."]);
  });

  test("a failed answer lists the decisive failures as errors", () => {
    const result = toVcApiResult(
      reportOf([
        { id: "format", outcome: "pass" },
        { id: "proof", outcome: "fail" },
        { id: "validity", outcome: "pass" },
        { id: "status", outcome: "indeterminate" },
        { id: "issuer", outcome: "not-applicable" },
        { id: "holder", outcome: "not-applicable" },
      ]),
    );
    expect(result.verified).toBe(false);
    expect(result.errors).toEqual(["proof: The proof check said fail."]);
    expect(result.warnings).toEqual(["status: The status check said indeterminate."]);
  });

  test("a could-not-check answer carries its reason in errors", () => {
    const result = toVcApiResult(
      reportOf([
        { id: "format", outcome: "pass" },
        { id: "proof", outcome: "indeterminate" },
        { id: "validity", outcome: "pass" },
        { id: "status", outcome: "not-applicable" },
        { id: "issuer", outcome: "indeterminate" },
        { id: "holder", outcome: "not-applicable" },
      ]),
    );
    expect(result.verified).toBe(false);
    expect(result.report.verdict).toBe("indeterminate");
    expect(result.errors).toEqual(["proof: The proof check said indeterminate."]);
    expect(result.warnings).toEqual(["issuer: The issuer check said indeterminate."]);
  });
});

describe("verifyApiRequest", () => {
  const verify = createVerifier(() => NOW);

  test("a credential sent as JSON text inside a string is refused as a bad request", async () => {
    const thrown = await verifyApiRequest(
      verify,
      { verifiableCredential: fixture("valid-eddsa-rdfc-2022.json") },
      "credential",
    ).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
    expect((await (thrown as Response).json()).message).toMatch(
      /must be a JSON object \(or a compact JWT\), not a string/,
    );
  });

  test("a compact JWT string is verified", async () => {
    const result = await verifyApiRequest(
      verify,
      { verifiableCredential: fixture("jwt-vc1-eddsa.jwt").trim() },
      "credential",
    );
    expect(result.report.summary?.securing).toBe("jwt");
  });

  test("the same credential as an object is verified", async () => {
    const result = await verifyApiRequest(
      verify,
      { verifiableCredential: JSON.parse(fixture("valid-eddsa-jcs-2022.json")) },
      "credential",
    );
    expect(result.verified).toBe(true);
    expect(result.errors).toEqual([]);
  });
});
