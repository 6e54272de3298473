/**
 * Verifiable presentations, as JSON-LD with an embedded proof or as a JWT (VC-JWT 1.1 `vp` claim, VC 2.0
 * `vp+jwt`): the holder's proof (purpose "authentication"; the challenge and domain when Attest issued them),
 * then each credential in its own nested report through the coordinator. When the holder's signature is valid,
 * its signer DID is what each credential's subject must be (holder binding by DID); the presentation's verdict
 * combines its own proof with its members', like a CLR's.
 */
import { decideVerdict, type CheckResult, type VerificationReport, type VerifierReport } from "../report";
import { checkContextEntries, checkSignableText, VC_V1_CONTEXT, VC_V2_CONTEXT } from "../checks/format";
import { toProofCheck, verifyPresentationProofs, type ProofFinding } from "../checks/proof.server";
import type { ExpectedHolder } from "../checks/holder.server";
import { isCompactJws, parseVpJwt, verifyPresentationJwtSignature, type ParsedVpJwt } from "../checks/jwt.server";
import { asArray, asStrings, idOf, isObject, type JsonObject } from "../checks/util";
import {
  failedFormatReport,
  findingOf,
  formatCheckAfterProof,
  loaderFor,
  MAX_DEPTH,
  membersCheck,
  type Pipeline,
  type PipelineContext,
  type VerifyCredentialOptions,
} from "./shared.server";

const TOO_DEEP: CheckResult = {
  id: "format",
  outcome: "fail",
  code: "too-deep",
  message: "The presentation is nested too deeply to be checked.",
};

export const presentationPipeline: Pipeline<JsonObject> = {
  format: "verifiable presentation with an embedded proof, or none",
  recognize: (document) =>
    isObject(document) && asStrings(document.type).includes("VerifiablePresentation") ? document : null,
  async verify(presentation, context) {
    const { options, base, depth } = context;
    if (depth >= MAX_DEPTH) return failedFormatReport(base, TOO_DEEP);
    const badFormat = checkPresentationFormat(presentation);
    if (badFormat) return failedFormatReport(base, badFormat, presentationSummary(presentation));

    const signed = asArray(presentation.proof).length > 0;
    let finding: ProofFinding | null = null;
    if (signed)
      finding = await findingOf(() =>
        verifyPresentationProofs(presentation, loaderFor(presentation, options), expectedAudience(options)),
      );
    else if (options.challenge !== undefined) finding = { kind: "challenge-mismatch", expected: options.challenge };
    return presentationReport(presentation, finding, context);
  },
};

export const presentationJwtPipeline: Pipeline<ParsedVpJwt> = {
  format: "verifiable presentation secured as a JWT (vp, vp+jwt)",
  recognize: (document) =>
    typeof document === "string" && isCompactJws(document.trim()) ? parseVpJwt(document.trim()) : null,
  async verify(parsed, context) {
    const { options, base, depth } = context;
    const { presentation } = parsed;
    if (depth >= MAX_DEPTH) return failedFormatReport(base, TOO_DEEP);
    const badFormat = checkPresentationFormat(presentation);
    if (badFormat) return failedFormatReport(base, badFormat, presentationSummary(presentation));
    const finding = await findingOf(() =>
      verifyPresentationJwtSignature(parsed, loaderFor(presentation, options), expectedAudience(options)),
    );
    return presentationReport(presentation, finding, context);
  },
};

function expectedAudience(options: VerifyCredentialOptions): { challenge?: string; domain?: string } {
  return {
    ...(options.challenge !== undefined ? { challenge: options.challenge } : {}),
    ...(options.domain !== undefined ? { domain: options.domain } : {}),
  };
}

function checkPresentationFormat(document: JsonObject): CheckResult | null {
  const contexts = asArray(document["@context"]);
  if (contexts[0] !== VC_V1_CONTEXT && contexts[0] !== VC_V2_CONTEXT) {
    return {
      id: "format",
      outcome: "fail",
      code: "unknown-context",
      message:
        "This is not a W3C verifiable presentation: its first @context is not the Verifiable Credentials v1 or v2 context.",
    };
  }
  const badContext = checkContextEntries(contexts, "presentation");
  if (badContext) return badContext;
  const badText = checkSignableText(document, "presentation");
  if (badText) return badText;
  // A presentation without credentials is valid (VC data model 2.0, section 4.13): its own proof, challenge and
  // domain still show who presented it and to whom.
  return null;
}

function presentationSummary(presentation: JsonObject): NonNullable<VerificationReport["summary"]> {
  return {
    types: asStrings(presentation.type),
    format: "vp" as const,
    ...(idOf(presentation.holder) ? { subjectId: idOf(presentation.holder) as string } : {}),
  };
}

/**
 * The report on a presentation whose own proof gave `finding` (null: unsigned): each credential in its own nested
 * report, with the verified signer as the holder every credential's subject must be.
 */
async function presentationReport(
  presentation: JsonObject,
  finding: ProofFinding | null,
  context: PipelineContext,
): Promise<VerifierReport> {
  const { options, base } = context;
  const summary = presentationSummary(presentation);
  const proof: CheckResult = finding
    ? toProofCheck(finding, "presentation")
    : {
        id: "proof",
        outcome: "not-applicable",
        code: "unsigned-presentation",
        message:
          "The presentation itself is not signed, so it does not show who submitted it; each credential is checked on its own.",
      };
  const signer = finding?.kind === "verified" ? finding.signer : undefined;

  const memberOptions = (i: number): VerifyCredentialOptions => ({
    ...options,
    input: `${options.input} › credential ${i + 1}`,
    ...(signer ? { expectedHolder: { ...options.expectedHolder, did: signer } } : {}),
  });
  const members = await Promise.all(
    asArray(presentation.verifiableCredential).map((member, i) => context.verifyMember(member, memberOptions(i))),
  );

  const checks: CheckResult[] = [
    finding
      ? formatCheckAfterProof(finding, "presentation")
      : {
          id: "format",
          outcome: "pass",
          code: "well-formed",
          message: "The document is a well-formed verifiable presentation.",
        },
    proof,
    {
      id: "validity",
      outcome: "not-applicable",
      code: "see-credentials",
      message: "A presentation has no validity period of its own; each credential's is checked below.",
    },
    {
      id: "status",
      outcome: "not-applicable",
      code: "see-credentials",
      message: "A presentation has no revocation status of its own; each credential's is checked below.",
    },
    {
      id: "issuer",
      outcome: "not-applicable",
      code: "see-credentials",
      message: "Each credential's issuer is checked below.",
    },
    presentationHolderCheck(signer, members, options.expectedHolder),
    membersCheck(members, "presentation"),
  ];
  return { ...base, credentials: members, verdict: decideVerdict(checks), checks, summary };
}

/** Holder binding for a presentation: the signer must be the subject of every credential that names one. */
function presentationHolderCheck(
  signer: string | undefined,
  members: VerifierReport[],
  expected: ExpectedHolder | undefined,
): CheckResult {
  if (!signer) {
    return {
      id: "holder",
      outcome: "not-applicable",
      code: "no-holder-binding",
      message: "The presentation carries no valid holder signature, so it does not show who submitted it.",
    };
  }
  if (expected?.did && expected.did !== signer) {
    return {
      id: "holder",
      outcome: "fail",
      code: "holder-mismatch",
      message: "The presentation was signed by someone other than the expected holder.",
    };
  }
  const subjects = members.map((m) => m.summary?.subjectId).filter((s): s is string => s !== undefined);
  if (subjects.length === 0) {
    return {
      id: "holder",
      outcome: "not-applicable",
      code: "no-holder-binding",
      message:
        "The credentials do not name their holder by an identifier that can be compared with the presentation's signer.",
    };
  }
  if (subjects.every((s) => s === signer)) {
    return {
      id: "holder",
      outcome: "pass",
      code: "holder-match",
      message: "The presentation was signed by the person the credentials were issued to.",
    };
  }
  return {
    id: "holder",
    outcome: "fail",
    code: "holder-mismatch",
    message: "The presentation was signed by someone other than the person some of its credentials were issued to.",
  };
}
