/**
 * Open Badges 2.0 assertions: hosted (re-fetched from the issuer's own site, checks/ob2-hosted.server.ts) and
 * signed (a compact JWS whose key the issuer's Profile lists). Both end in the same report.
 */
import { decideVerdict, type VerificationReport, type VerifierReport } from "../report";
import { isCompactJws } from "../checks/jwt.server";
import {
  isOb2Assertion,
  signedOb2Payload,
  verifyOb2Assertion,
  verifySignedOb2Assertion,
  type Ob2Result,
} from "../checks/ob2-hosted.server";
import { asStrings, idOf, isObject, textOf, type JsonObject } from "../checks/util";
import {
  issuerCheckAndSummary,
  type PipelineContext,
  type Pipeline,
  type ReportBase,
  type VerifyCredentialOptions,
} from "./shared.server";

export const signedOb2Pipeline: Pipeline<string> = {
  format: "Open Badges 2.0 signed assertion (JWS)",
  recognize(document) {
    const text = typeof document === "string" ? document.trim() : null;
    return text !== null && isCompactJws(text) && signedOb2Payload(text) ? text : null;
  },
  verify: async (jws, { options, base, now }) =>
    ob2Report(await verifySignedOb2Assertion(jws, ob2Options(options, now)), options, base),
};

export const hostedOb2Pipeline: Pipeline<JsonObject> = {
  format: "Open Badges 2.0 hosted assertion",
  recognize: (document) => (isOb2Assertion(document) ? document : null),
  verify: async (assertion, { options, base, now }: PipelineContext) =>
    ob2Report(await verifyOb2Assertion(assertion, ob2Options(options, now)), options, base),
};

function ob2Options(options: VerifyCredentialOptions, now: Date) {
  return {
    ...(options.fetchHosted ? { fetchHosted: options.fetchHosted } : {}),
    now,
    ...(options.expectedHolder ? { expectedHolder: options.expectedHolder } : {}),
  };
}

/** The report on an Open Badges 2.0 assertion, hosted or signed. */
function ob2Report(result: Ob2Result, options: VerifyCredentialOptions, base: ReportBase): VerifierReport {
  const { badge, issuer: profile } = result;
  const hosted = result.assertion;
  const issuerId = idOf(profile) ?? (badge && typeof badge.issuer === "string" ? badge.issuer : undefined);
  const signed = isObject(hosted.verification) && hosted.verification.type === "SignedBadge";
  const described: NonNullable<VerificationReport["summary"]> = {
    types: asStrings(hosted.type),
    format: "ob2",
    securing: signed ? "jwt" : "hosted",
  };
  const set = <K extends keyof typeof described>(key: K, value: (typeof described)[K] | undefined) => {
    if (value !== undefined) described[key] = value;
  };
  set("id", typeof hosted.id === "string" ? hosted.id : undefined);
  set("issuerId", issuerId);
  set("issuerName", profile ? textOf(profile.name) : undefined);
  set("achievementName", badge ? textOf(badge.name) : undefined);
  set("validFrom", typeof hosted.issuedOn === "string" ? hosted.issuedOn : undefined);
  set("validUntil", typeof hosted.expires === "string" ? hosted.expires : undefined);
  const { issuer, summary } = issuerCheckAndSummary(described, options);
  const { format, proof, validity, status, holder } = result.checks;
  const checks = [format, proof, validity, status, issuer, holder];
  return {
    ...base,
    verdict: decideVerdict(checks),
    checks,
    // Open Badges 2.0 alignments live on the BadgeClass (the issuer's hosted copy); shaped as an OBv3 achievement.
    ...(badge
      ? {
          skillSource: {
            kind: "credential" as const,
            credential: {
              credentialSubject: { achievement: { name: badge.name, alignment: badge.alignment, tag: badge.tags } },
            },
          },
        }
      : {}),
    ...(summary ? { summary } : {}),
  };
}
