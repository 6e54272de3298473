/**
 * SD-JWT VC (checks/sd-jwt-vc.server.ts): the issuer's signature over the disclosed claims, every disclosure's
 * digest, the status list, and the key-binding JWT when a presentation asked for one. Its claims are not JSON-LD:
 * skills come from the disclosed claims by the mapping in docs/decisions/040-sd-jwt-vc.md (an Open Badges-like
 * `achievement`, or a `skills` list), shaped here as an Open Badges 3.0 subject for the one extractor.
 */
import { decideVerdict, type CheckResult, type SkillSource, type VerificationReport } from "../report";
import { toProofCheck } from "../checks/proof.server";
import { checkValidity } from "../checks/validity";
import {
  checkKeyBinding,
  checkSdJwtStatus,
  isSdJwt,
  parseSdJwtVc,
  sdJwtValidityDates,
  verifySdJwtSignature,
} from "../checks/sd-jwt-vc.server";
import { asArray, isObject, textOf, type JsonObject } from "../checks/util";
import {
  failedFormatReport,
  findingOf,
  issuerCheckAndSummary,
  loaderFor,
  statusNotCheckedWithoutSignature,
  type Pipeline,
} from "./shared.server";

export const sdJwtVcPipeline: Pipeline<string> = {
  format: "SD-JWT VC (dc+sd-jwt, vc+sd-jwt)",
  recognize: (document) => (typeof document === "string" && isSdJwt(document.trim()) ? document.trim() : null),
  async verify(text, { options, base, now }) {
    const parsedSdJwt = parseSdJwtVc(text);
    if (!parsedSdJwt.ok)
      return failedFormatReport(base, parsedSdJwt.check, { types: [], format: "vc", securing: "sd-jwt" });
    const { parsed } = parsedSdJwt;
    const { claims } = parsed;
    const dates = sdJwtValidityDates(parsed.payload);
    const described: NonNullable<VerificationReport["summary"]> = {
      types: [claims.vct as string],
      format: "vc",
      securing: "sd-jwt",
      issuerId: claims.iss as string,
      ...(typeof claims.jti === "string" ? { id: claims.jti } : {}),
      ...(typeof claims.sub === "string" ? { subjectId: claims.sub } : {}),
      ...(textOf(claims.name) ? { achievementName: textOf(claims.name) as string } : {}),
      ...dates,
    };
    const keyContext = {
      documentLoader: loaderFor({ issuer: claims.iss as string }, options),
      ...(options.fetchDocument ? { fetchDocument: options.fetchDocument } : {}),
    };
    const finding = await findingOf(() => verifySdJwtSignature(parsed, keyContext));
    const proof = toProofCheck(finding);
    const fetchStatusToken = options.fetchStatusList ?? options.fetchDocument;
    const status =
      proof.outcome === "pass" || !(isObject(claims.status) && claims.status.status_list !== undefined)
        ? await checkSdJwtStatus(parsed, { ...keyContext, now, ...(fetchStatusToken ? { fetchStatusToken } : {}) })
        : statusNotCheckedWithoutSignature();
    const { issuer, summary } = issuerCheckAndSummary(described, options);
    const checks: CheckResult[] = [
      {
        id: "format",
        outcome: "pass",
        code: "well-formed",
        message: "The document is a well-formed SD-JWT verifiable credential.",
      },
      proof,
      checkValidity(dates, now),
      status,
      issuer,
      await checkKeyBinding(
        parsed,
        {
          ...(options.challenge !== undefined ? { nonce: options.challenge, required: true } : {}),
          ...(options.domain !== undefined ? { audience: options.domain } : {}),
        },
        now,
      ),
    ];
    const skillSource = sdJwtSkillSource(claims);
    return {
      ...base,
      verdict: decideVerdict(checks),
      checks,
      ...(skillSource ? { skillSource } : {}),
      summary: summary ?? described,
    };
  },
};

/** The disclosed claims as an Open Badges 3.0 subject (decision 040): an `achievement` as it is, or `skills` as alignments. */
function sdJwtSkillSource(claims: JsonObject): SkillSource | null {
  const subject = isObject(claims.credentialSubject) ? claims.credentialSubject : claims;
  if (isObject(subject.achievement))
    return { kind: "credential", credential: { credentialSubject: { achievement: subject.achievement } } };
  const listed = asArray(subject.skills).flatMap((skill) =>
    typeof skill === "string"
      ? [{ targetName: skill }]
      : isObject(skill) && typeof skill.name === "string"
        ? [
            {
              targetName: skill.name,
              ...(typeof skill.url === "string" ? { targetUrl: skill.url } : {}),
              ...(typeof skill.code === "string" ? { targetCode: skill.code } : {}),
              ...(typeof skill.framework === "string" ? { targetFramework: skill.framework } : {}),
            },
          ]
        : [],
  );
  if (listed.length === 0) return null;
  return {
    kind: "credential",
    credential: { credentialSubject: { achievement: { name: textOf(claims.name) ?? claims.vct, alignment: listed } } },
  };
}
