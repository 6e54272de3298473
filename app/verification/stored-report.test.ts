/**
 * db/schema/stored-report.ts writes out the JSON that credentials.report holds, because db/ imports nothing from
 * app/. These assertions are checked by the type checker (`npm run typecheck`, part of `npm test`): a field added
 * to the report here and not there, or the reverse, fails to compile.
 */
import type {
  StoredCheck,
  StoredCheckId,
  StoredCheckOutcome,
  StoredReport,
  StoredSkill,
  StoredSummary,
  StoredVerdict,
} from "#db/schema/stored-report";
import {
  CHECK_IDS,
  type CheckId,
  type CheckOutcome,
  type CheckResult,
  type CredentialSummary,
  type ExtractedSkill,
  type Verdict,
  type VerificationReport,
} from "./report";

it("the report app/verification makes is exactly the JSON db/ stores", () => {
  expectTypeOf<Verdict>().toEqualTypeOf<StoredVerdict>();
  expectTypeOf<CheckId>().toEqualTypeOf<StoredCheckId>();
  expectTypeOf<CheckOutcome>().toEqualTypeOf<StoredCheckOutcome>();
  expectTypeOf<CheckResult>().toEqualTypeOf<StoredCheck>();
  expectTypeOf<ExtractedSkill>().toEqualTypeOf<StoredSkill>();
  expectTypeOf<CredentialSummary>().toEqualTypeOf<StoredSummary>();
  expectTypeOf<VerificationReport>().toEqualTypeOf<StoredReport>();
  // The one list of check ids, at run time too: every id is one db/ knows.
  const stored: readonly StoredCheckId[] = CHECK_IDS;
  expect(stored).toEqual(["format", "proof", "validity", "status", "issuer", "holder", "credentials"]);
});
