/**
 * Credentials secured as a JWT: VC-JWT 1.1 (`vc` claim) and VC 2.0 with JOSE (`vc+jwt`), as compact text or
 * inside an EnvelopedVerifiableCredential. The JWT's signature stands in for the proof; the rest is checked as
 * for any credential.
 */
import { decideVerdict, type CheckResult } from "../report";
import { checkFormat } from "../checks/format";
import { toProofCheck } from "../checks/proof.server";
import { checkValidity } from "../checks/validity";
import { checkHolder } from "../checks/holder.server";
import { envelopedJws, isCompactJws, parseVcJwt, verifyJwtSignature } from "../checks/jwt.server";
import { summarizeCredential } from "../summary";
import {
  failedFormatReport,
  findingOf,
  issuerCheckAndSummary,
  loaderFor,
  runStatusCheck,
  type Pipeline,
} from "./shared.server";

export const jwtCredentialPipeline: Pipeline<string> = {
  format: "verifiable credential secured as a JWT (VC-JWT, vc+jwt)",
  // Compact JWS text that no earlier pipeline claimed (a signed Open Badges 2.0 assertion, a presentation), or
  // an envelope around one.
  recognize: (document) =>
    typeof document === "string" && isCompactJws(document.trim()) ? document.trim() : envelopedJws(document),
  async verify(jws, { options, base, now }) {
    const parsedJwt = parseVcJwt(jws);
    if (!parsedJwt.ok) return failedFormatReport(base, parsedJwt.check);
    const { parsed } = parsedJwt;
    const described = { ...summarizeCredential(parsed.credential), securing: "jwt" as const };
    const format = checkFormat(parsed.credential, { securedExternally: true });
    if (!format.ok) return failedFormatReport(base, format.check, described);

    const credential = format.credential;
    const finding = await findingOf(() =>
      verifyJwtSignature(parsed, loaderFor(credential, options), options.fetchDocument),
    );
    const proof = toProofCheck(finding);
    const { issuer, summary } = issuerCheckAndSummary(described, options);
    // The JWT's own nbf/exp bound the credential too: the stricter of the two periods applies.
    const jwtPeriod = checkValidity(
      {
        ...(parsed.notBefore ? { validFrom: parsed.notBefore } : {}),
        ...(parsed.expires ? { validUntil: parsed.expires } : {}),
      },
      now,
    );
    const ownPeriod = checkValidity(credential, now);
    const checks: CheckResult[] = [
      format.check,
      proof,
      ownPeriod.outcome === "pass" && jwtPeriod.outcome !== "pass" ? jwtPeriod : ownPeriod,
      await runStatusCheck(credential, proof, options, now),
      issuer,
      checkHolder(credential, options.expectedHolder),
    ];
    return {
      ...base,
      verdict: decideVerdict(checks),
      checks,
      skillSource: { kind: "credential", credential },
      summary,
    };
  },
};
