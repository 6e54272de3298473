/**
 * Credentials secured by embedded proofs (Data Integrity, Ed25519Signature2020): Open Badges 3.0, CLR 2.0 and
 * any W3C verifiable credential. Format → proof → validity → status, issuer and holder beside the verdict.
 */
import { decideVerdict, type CheckResult, type VerifierReport } from "../report";
import { checkFormat } from "../checks/format";
import { toProofCheck } from "../checks/proof.server";
import { checkValidity } from "../checks/validity";
import { checkHolder } from "../checks/holder.server";
import { summarizeCredential } from "../summary";
import { asArray, asStrings, isObject, type JsonObject } from "../checks/util";
import {
  cachedVerifyProofs,
  failedFormatReport,
  findingOf,
  formatCheckAfterProof,
  issuerCheckAndSummary,
  membersCheck,
  runStatusCheck,
  type Pipeline,
  type PipelineContext,
} from "./shared.server";

/** The last resort: anything no other pipeline recognised is read as a JSON-LD credential, or refused by its format check. */
export const dataIntegrityPipeline: Pipeline<{ document: unknown }> = {
  format: "W3C verifiable credential with an embedded proof (Open Badges 3.0, CLR 2.0)",
  // Wrapped, because null and other non-objects are recognised too (and refused by the format check).
  recognize: (document) => ({ document }),
  async verify({ document }, context) {
    const { options, base, now } = context;
    const described = isObject(document) ? { ...summarizeCredential(document), securing: "proof" as const } : undefined;
    const format = checkFormat(document);
    if (!format.ok) return failedFormatReport(base, format.check, described);

    const credential = format.credential;
    const finding = await findingOf(() => cachedVerifyProofs(credential, options));
    const proof = toProofCheck(finding);
    const { issuer, summary } = issuerCheckAndSummary(described, options);
    const checks: CheckResult[] = [
      formatCheckAfterProof(finding),
      proof,
      checkValidity(credential, now),
      await runStatusCheck(credential, proof, options, now),
      issuer,
      checkHolder(credential, options.expectedHolder),
    ];
    const members = asStrings(credential.type).includes("ClrCredential")
      ? await verifyClrMembers(credential, context)
      : null;
    if (members) checks.push(membersCheck(members, "CLR"));
    return {
      ...base,
      credentials: members ?? [],
      verdict: decideVerdict(checks),
      checks,
      skillSource: { kind: "credential", credential },
      ...(summary ? { summary } : {}),
    };
  },
};

/**
 * CLR 2.0: `credentialSubject.verifiableCredential[]` holds separately signed credentials (objects, JWTs or
 * envelopes). The CLR issuer's signature covers their bytes but not their truth: a CLR may faithfully wrap
 * a credential that was tampered with before wrapping, revoked since, or signed by no one. So each member
 * is verified on its own, and a failed member fails the CLR's "credentials" check and hence its verdict —
 * an outer report never says "verified" over a member that is not.
 */
async function verifyClrMembers(clr: JsonObject, context: PipelineContext): Promise<VerifierReport[]> {
  const members = asArray(clr.credentialSubject)
    .filter(isObject)
    .flatMap((subject) => asArray(subject.verifiableCredential));
  return Promise.all(
    members.map((member, i) =>
      context.verifyMember(member, { ...context.options, input: `${context.options.input} › credential ${i + 1}` }),
    ),
  );
}
