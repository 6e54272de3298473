/**
 * The verification use case: one report per input. Credentials go format → proof → validity → status, with
 * issuer and holder reported beside the verdict. Presentations and CLRs are containers: their own proof is
 * checked, and every member credential gets its own nested report in `credentials`.
 * The clock, the network (keys, status lists, hosted badges) and the trust registry are injected.
 */
import { createHash } from "node:crypto";
import { extractSkills } from "#app/skills/extract";
import { decideVerdict, type CheckResult, type ExtractedSkill, type VerificationReport } from "./report";
import type { DocumentLoader } from "./document-loader.server";
import { keyUrlsOf, withKeyFetching, type FetchDocument } from "./key-resolver.server";
import { checkContextEntries, checkFormat, checkSignableText, VC_V1_CONTEXT, VC_V2_CONTEXT } from "./checks/format";
import { toProofCheck, verifyPresentationProofs, verifyProofs, type ProofFinding } from "./checks/proof.server";
import { checkValidity } from "./checks/validity";
import { checkStatus, type FetchStatusList } from "./checks/status.server";
import { checkIssuer, type TrustRegistry } from "./checks/issuer";
import { checkHolder, type ExpectedHolder } from "./checks/holder.server";
import { envelopedJws, envelopedPresentationJws, isCompactJws, parseVcJwt, parseVpJwt, verifyJwtSignature, verifyPresentationJwtSignature, type ParsedVpJwt } from "./checks/jwt.server";
import { isOb2Assertion, signedOb2Payload, verifyOb2Assertion, verifySignedOb2Assertion, type FetchHosted, type Ob2Result } from "./checks/ob2-hosted.server";
import { checkKeyBinding, checkSdJwtStatus, isSdJwt, parseSdJwtVc, sdJwtValidityDates, verifySdJwtSignature } from "./checks/sd-jwt-vc.server";
import { summarizeCredential } from "./summary";
import { asArray, asStrings, idOf, isObject, textOf, type JsonObject } from "./checks/util";

export type { FetchDocument, FetchHosted, TrustRegistry };

export interface VerifyCredentialOptions {
  /** What was verified: a file name, a URL or "pasted text". */
  input: string;
  documentLoader: DocumentLoader;
  now?: Date;
  /** Fetches a status list by URL. Absent → `fetchDocument`; neither → status is "could not check". */
  fetchStatusList?: FetchStatusList;
  /**
   * Fetches JSON by URL: did:web DID documents, HTTPS verification methods (only URLs a proof names as
   * its key), status lists. Absent → such keys are "key-unresolvable" (could not check).
   */
  fetchDocument?: FetchDocument;
  /** Fetches Open Badges 2.0 hosted assertions, BadgeClasses and issuer Profiles, with their HTTP status. */
  fetchHosted?: FetchHosted;
  /** Issuer allow-list; absent → the issuer check says no registry is configured. */
  trustRegistry?: TrustRegistry;
  expectedHolder?: ExpectedHolder;
  /** The challenge Attest issued for a presentation; a presentation signed over another one fails. */
  challenge?: string;
  /** The domain Attest issued for a presentation. */
  domain?: string;
  /**
   * Remembers signatures already verified (see {@link createVerificationCache}): a credential seen before,
   * byte for byte, skips its proof check; validity, status, issuer and holder are checked again every time.
   */
  cache?: VerificationCache;
}

/**
 * Verified proofs by the SHA-256 of the credential's exact JSON bytes. Only a "verified" proof finding is
 * kept, and only when every proof's key is self-certifying (did:key, did:jwk: the key is the identifier,
 * nothing to re-fetch). Entries belong to one document loader: a call with another loader bypasses them.
 * Bounded (oldest entries dropped first).
 */
export interface VerificationCache {
  readonly size: number;
  /** Hits, misses and stores since creation. */
  readonly stats: { hits: number; misses: number; stored: number };
  clear(): void;
  /** Internal: used by the verifier. */
  lookup(key: string, loader: DocumentLoader): ProofFinding | undefined;
  /** Internal: used by the verifier. */
  store(key: string, loader: DocumentLoader, finding: ProofFinding): void;
}

export function createVerificationCache(options: { maxEntries?: number } = {}): VerificationCache {
  const maxEntries = options.maxEntries ?? 50_000;
  const entries = new Map<string, { loader: DocumentLoader; finding: ProofFinding }>();
  const stats = { hits: 0, misses: 0, stored: 0 };
  return {
    get size() {
      return entries.size;
    },
    stats,
    clear: () => entries.clear(),
    lookup(key, loader) {
      const entry = entries.get(key);
      if (entry && entry.loader === loader) {
        stats.hits++;
        return entry.finding;
      }
      stats.misses++;
      return undefined;
    },
    store(key, loader, finding) {
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      entries.set(key, { loader, finding });
      stats.stored++;
    },
  };
}

function selfCertifyingKeys(document: JsonObject): boolean {
  const proofs = asArray(document.proof).filter(isObject);
  return (
    proofs.length > 0 &&
    proofs.every((proof) => {
      const vm = isObject(proof.verificationMethod) ? proof.verificationMethod.id : proof.verificationMethod;
      return typeof vm === "string" && (vm.startsWith("did:key:") || vm.startsWith("did:jwk:"));
    })
  );
}

/** verifyProofs, through the cache when one is given: keyed by the SHA-256 of the document's JSON text. */
async function cachedVerifyProofs(document: JsonObject, options: VerifyCredentialOptions): Promise<ProofFinding> {
  const cache = options.cache;
  if (!cache || !selfCertifyingKeys(document)) return verifyProofs(document, loaderFor(document, options));
  const key = createHash("sha256").update(JSON.stringify(document)).digest("base64");
  const known = cache.lookup(key, options.documentLoader);
  if (known) return known;
  const finding = await verifyProofs(document, loaderFor(document, options));
  if (finding.kind === "verified") cache.store(key, options.documentLoader, finding);
  return finding;
}

/** Containers inside containers (a CLR in a presentation) are fine; deeper nesting is refused. */
const MAX_DEPTH = 3;

function notChecked(id: CheckResult["id"], outcome: CheckResult["outcome"], message: string): CheckResult {
  return { id, outcome, code: "not-checked", message };
}

/**
 * Undefined terms — a decision: JSON-LD safe mode (used by the vc library for every proof) refuses to
 * canonicalise a credential whose fields its contexts do not define, so the signature cannot be checked,
 * and such fields would never be covered by it anyway. Other validators silently drop those fields and
 * report "verified"; Attest instead fails the *format* check with code "undefined-terms", naming the
 * fields, and reports the proof as not checked. The person sees exactly why, and no unsigned field is
 * ever shown as verified.
 */
function formatCheckAfterProof(finding: ProofFinding, noun: "credential" | "presentation" = "credential"): CheckResult {
  if (finding.kind === "undefined-terms") {
    const listed = finding.terms.length > 0 ? ` (${finding.terms.slice(0, 8).join(", ")}${finding.terms.length > 8 ? ", …" : ""})` : "";
    return {
      id: "format",
      outcome: "fail",
      code: "undefined-terms",
      message: `The ${noun} contains fields that its vocabulary does not define${listed}, so they cannot be covered by its signature.`,
    };
  }
  if (finding.kind === "malformed") {
    return {
      id: "format",
      outcome: "fail",
      code: "invalid-structure",
      message: `The ${noun} is not well-formed: ${finding.detail.replace(/\.$/, "")}.`,
    };
  }
  return { id: "format", outcome: "pass", code: "well-formed", message: `The document is a well-formed verifiable ${noun}.` };
}

/** The loader for one document: offline first, then only the keys its own proofs (or issuer/holder) name. */
function loaderFor(document: JsonObject, options: VerifyCredentialOptions): DocumentLoader {
  return withKeyFetching(options.documentLoader, options.fetchDocument, keyUrlsOf(document));
}

async function runStatusCheck(credential: JsonObject, proof: CheckResult, options: VerifyCredentialOptions, now: Date): Promise<CheckResult> {
  if (credential.credentialStatus === undefined) {
    return { id: "status", outcome: "not-applicable", code: "no-status", message: "The issuer publishes no revocation status for this credential." };
  }
  // Status is checked only after the signature passed, so a forged credential never makes us fetch a URL it chose.
  if (proof.outcome !== "pass") {
    return notChecked("status", "indeterminate", "The revocation status was not checked because the signature could not be confirmed.");
  }
  try {
    return await checkStatus(credential, {
      fetchStatusList: options.fetchStatusList ?? options.fetchDocument,
      verifyListProof: async (list) => (await cachedVerifyProofs(list, options)).kind === "verified",
      now,
    });
  } catch {
    return { id: "status", outcome: "indeterminate", code: "status-error", message: "The revocation status could not be checked because of an unexpected error." };
  }
}

/** Issuer check, and the display name: the registry's when the issuer is listed, never folded into the verdict. */
function issuerCheckAndSummary(summary: VerificationReport["summary"], options: VerifyCredentialOptions) {
  const issuerId = summary?.issuerId;
  const issuer = checkIssuer(issuerId, options.trustRegistry);
  const entry = issuerId && options.trustRegistry ? options.trustRegistry.lookup(issuerId) : null;
  if (!summary) return { issuer, summary };
  if (entry) return { issuer, summary: { ...summary, issuerName: entry.name, issuerNameSource: "registry" as const } };
  return { issuer, summary: summary.issuerName ? { ...summary, issuerNameSource: "credential" as const } : summary };
}

function failedFormatReport(base: ReportBase, format: CheckResult, summary?: VerificationReport["summary"]): VerificationReport {
  const checks: CheckResult[] = [
    format,
    notChecked("proof", "indeterminate", "The signature was not checked because the document is not a usable credential."),
    notChecked("validity", "indeterminate", "The validity period was not checked because the document is not a usable credential."),
    notChecked("status", "indeterminate", "The revocation status was not checked because the document is not a usable credential."),
    notChecked("issuer", "not-applicable", "The issuer was not checked because the document is not a usable credential."),
    notChecked("holder", "not-applicable", "The holder was not checked because the document is not a usable credential."),
  ];
  return { ...base, verdict: decideVerdict(checks), checks, skills: [], ...(summary ? { summary } : {}) };
}

interface ReportBase {
  input: string;
  credentials: VerificationReport[];
  checkedAt: string;
}

/**
 * Verify one input and report on it: a credential (JSON-LD with embedded proofs, VC-JWT text, or an
 * EnvelopedVerifiableCredential), a CLR 2.0, a verifiable presentation, or an Open Badges 2.0 hosted
 * assertion. Never throws for bad input: anything unusable yields a report whose format check failed,
 * with a sentence saying why.
 */
export async function verifyCredential(document: unknown, options: VerifyCredentialOptions): Promise<VerificationReport> {
  return verifyAt(document, options, 0);
}

/**
 * The report for a document refused for its size before it was read: JSON-LD processing grows faster than the
 * document, so a few megabytes can hold a process for many seconds.
 */
export function reportTooLarge(input: string, bytes: number, maxBytes: number, now = new Date()): VerificationReport {
  const size = (n: number) => `${Math.round(n / 100_000) / 10} MB`;
  return failedFormatReport(
    { input, credentials: [], checkedAt: now.toISOString() },
    { id: "format", outcome: "fail", code: "too-large", message: `The file is ${size(bytes)}; documents larger than ${size(maxBytes)} are not checked.` },
  );
}

/** The same as {@link verifyCredential}; the name says it takes any supported document. */
export const verifyDocument = verifyCredential;

async function verifyAt(document: unknown, options: VerifyCredentialOptions, depth: number): Promise<VerificationReport> {
  const now = options.now ?? new Date();
  const base: ReportBase = { input: options.input, credentials: [], checkedAt: now.toISOString() };

  if (typeof document === "string") {
    const text = document.trim();
    if (isCompactJws(text)) {
      if (signedOb2Payload(text)) return ob2Report(await verifySignedOb2Assertion(text, ob2Options(options, now)), options, base);
      const vp = parseVpJwt(text);
      if (vp) return verifyPresentationJwt(vp, options, base, depth);
      return verifyJwtCredential(text, options, base, now);
    }
    if (isSdJwt(text)) return verifySdJwtCredential(text, options, base, now);
    if (text.startsWith("{")) {
      try {
        return await verifyAt(JSON.parse(text), options, depth);
      } catch {
        return failedFormatReport(base, { id: "format", outcome: "fail", code: "not-an-object", message: "This text is neither JSON nor a JSON Web Token." });
      }
    }
  }
  const jws = envelopedJws(document);
  if (jws !== null) return verifyJwtCredential(jws, options, base, now);
  const vpJws = envelopedPresentationJws(document);
  if (vpJws !== null) return verifyAt(vpJws, options, depth);
  if (isObject(document) && asStrings(document.type).includes("VerifiablePresentation")) {
    if (depth >= MAX_DEPTH) return failedFormatReport(base, { id: "format", outcome: "fail", code: "too-deep", message: "The presentation is nested too deeply to be checked." });
    return verifyPresentation(document, options, base, depth);
  }
  if (isOb2Assertion(document)) return verifyHostedBadge(document, options, base, now);
  return verifyLinkedDataCredential(document, options, base, now, depth);
}

async function verifyLinkedDataCredential(
  document: unknown,
  options: VerifyCredentialOptions,
  base: ReportBase,
  now: Date,
  depth: number,
): Promise<VerificationReport> {
  const described = isObject(document) ? { ...summarizeCredential(document), securing: "proof" as const } : undefined;
  const format = checkFormat(document);
  if (!format.ok) return failedFormatReport(base, format.check, described);

  const credential = format.credential;
  let finding: ProofFinding;
  try {
    finding = await cachedVerifyProofs(credential, options);
  } catch (error) {
    finding = { kind: "error", detail: error instanceof Error ? error.message : String(error) };
  }
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
  const members = asStrings(credential.type).includes("ClrCredential") ? await verifyClrMembers(credential, options, depth) : null;
  if (members) checks.push(membersCheck(members, "CLR"));
  return {
    ...base,
    credentials: members ?? [],
    verdict: decideVerdict(checks),
    checks,
    skills: mergeSkills([extractSkills(credential), ...(members ?? []).map((m) => m.skills)]),
    ...(summary ? { summary } : {}),
  };
}

/**
 * CLR 2.0: `credentialSubject.verifiableCredential[]` holds separately signed credentials (objects, JWTs or
 * envelopes). The CLR issuer's signature covers their bytes but not their truth: a CLR may faithfully wrap
 * a credential that was tampered with before wrapping, revoked since, or signed by no one. So each member
 * is verified on its own, and a failed member fails the CLR's "credentials" check and hence its verdict —
 * an outer report never says "verified" over a member that is not.
 */
async function verifyClrMembers(clr: JsonObject, options: VerifyCredentialOptions, depth: number): Promise<VerificationReport[]> {
  const members = asArray(clr.credentialSubject)
    .filter(isObject)
    .flatMap((subject) => asArray(subject.verifiableCredential));
  return Promise.all(members.map((member, i) => verifyAt(member, { ...options, input: `${options.input} › credential ${i + 1}` }, depth + 1)));
}

/** The container's "credentials" check: the worst member verdict, counted. */
function membersCheck(members: VerificationReport[], container: "CLR" | "presentation"): CheckResult {
  const failed = members.filter((m) => m.verdict === "failed").length;
  const unknown = members.filter((m) => m.verdict === "indeterminate").length;
  const total = members.length;
  if (total === 0) {
    return { id: "credentials", outcome: "not-applicable", code: "no-credentials", message: `The ${container} contains no credentials.` };
  }
  if (failed > 0) {
    return { id: "credentials", outcome: "fail", code: "credential-failed", message: `${failed} of the ${total} credentials in this ${container} failed verification.` };
  }
  if (unknown > 0) {
    return { id: "credentials", outcome: "indeterminate", code: "credential-indeterminate", message: `${unknown} of the ${total} credentials in this ${container} could not be fully checked.` };
  }
  return { id: "credentials", outcome: "pass", code: "all-verified", message: total === 1 ? `The credential in this ${container} is verified.` : `All ${total} credentials in this ${container} are verified.` };
}

/** Container skills: every member's, deduplicated by key (the first occurrence wins). */
function mergeSkills(lists: ExtractedSkill[][]): ExtractedSkill[] {
  const byKey = new Map<string, ExtractedSkill>();
  for (const skill of lists.flat()) if (!byKey.has(skill.key)) byKey.set(skill.key, skill);
  return [...byKey.values()];
}

async function verifyJwtCredential(jws: string, options: VerifyCredentialOptions, base: ReportBase, now: Date): Promise<VerificationReport> {
  const parsedJwt = parseVcJwt(jws);
  if (!parsedJwt.ok) return failedFormatReport(base, parsedJwt.check);
  const { parsed } = parsedJwt;
  const described = { ...summarizeCredential(parsed.credential), securing: "jwt" as const };
  const format = checkFormat(parsed.credential, { securedExternally: true });
  if (!format.ok) return failedFormatReport(base, format.check, described);

  const credential = format.credential;
  let finding: ProofFinding;
  try {
    finding = await verifyJwtSignature(parsed, loaderFor(credential, options), options.fetchDocument);
  } catch (error) {
    finding = { kind: "error", detail: error instanceof Error ? error.message : String(error) };
  }
  const proof = toProofCheck(finding);
  const { issuer, summary } = issuerCheckAndSummary(described, options);
  // The JWT's own nbf/exp bound the credential too: the stricter of the two periods applies.
  const jwtPeriod = checkValidity({ ...(parsed.notBefore ? { validFrom: parsed.notBefore } : {}), ...(parsed.expires ? { validUntil: parsed.expires } : {}) }, now);
  const ownPeriod = checkValidity(credential, now);
  const checks: CheckResult[] = [
    format.check,
    proof,
    ownPeriod.outcome === "pass" && jwtPeriod.outcome !== "pass" ? jwtPeriod : ownPeriod,
    await runStatusCheck(credential, proof, options, now),
    issuer,
    checkHolder(credential, options.expectedHolder),
  ];
  return { ...base, verdict: decideVerdict(checks), checks, skills: extractSkills(credential), summary };
}

/**
 * An SD-JWT VC (checks/sd-jwt-vc.server.ts). Its claims are not JSON-LD: skills come from the disclosed claims by
 * the mapping in docs/decisions/040-sd-jwt-vc.md (an Open Badges-like `achievement`, or a `skills` list).
 */
async function verifySdJwtCredential(text: string, options: VerifyCredentialOptions, base: ReportBase, now: Date): Promise<VerificationReport> {
  const parsedSdJwt = parseSdJwtVc(text);
  if (!parsedSdJwt.ok) return failedFormatReport(base, parsedSdJwt.check, { types: [], format: "vc", securing: "sd-jwt" });
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
  const keyContext = { documentLoader: loaderFor({ issuer: claims.iss as string }, options), ...(options.fetchDocument ? { fetchDocument: options.fetchDocument } : {}) };
  let finding: ProofFinding;
  try {
    finding = await verifySdJwtSignature(parsed, keyContext);
  } catch (error) {
    finding = { kind: "error", detail: error instanceof Error ? error.message : String(error) };
  }
  const proof = toProofCheck(finding);
  const fetchStatusToken = options.fetchStatusList ?? options.fetchDocument;
  const status =
    proof.outcome === "pass" || !(isObject(claims.status) && claims.status.status_list !== undefined)
      ? await checkSdJwtStatus(parsed, { ...keyContext, now, ...(fetchStatusToken ? { fetchStatusToken } : {}) })
      : notChecked("status", "indeterminate", "The revocation status was not checked because the signature could not be confirmed.");
  const { issuer, summary } = issuerCheckAndSummary(described, options);
  const checks: CheckResult[] = [
    { id: "format", outcome: "pass", code: "well-formed", message: "The document is a well-formed SD-JWT verifiable credential." },
    proof,
    checkValidity(dates, now),
    status,
    issuer,
    await checkKeyBinding(parsed, { ...(options.challenge !== undefined ? { nonce: options.challenge, required: true } : {}), ...(options.domain !== undefined ? { audience: options.domain } : {}) }, now),
  ];
  return { ...base, verdict: decideVerdict(checks), checks, skills: sdJwtSkills(claims), summary: summary ?? described };
}

/** Skills from an SD-JWT VC's disclosed claims, through the one extractor (decision 040). */
function sdJwtSkills(claims: JsonObject): ExtractedSkill[] {
  const subject = isObject(claims.credentialSubject) ? claims.credentialSubject : claims;
  if (isObject(subject.achievement)) return extractSkills({ credentialSubject: { achievement: subject.achievement } });
  const listed = asArray(subject.skills).flatMap((skill) =>
    typeof skill === "string" ? [{ targetName: skill }] : isObject(skill) && typeof skill.name === "string" ? [{ targetName: skill.name, ...(typeof skill.url === "string" ? { targetUrl: skill.url } : {}), ...(typeof skill.code === "string" ? { targetCode: skill.code } : {}), ...(typeof skill.framework === "string" ? { targetFramework: skill.framework } : {}) }] : [],
  );
  if (listed.length === 0) return [];
  return extractSkills({ credentialSubject: { achievement: { name: textOf(claims.name) ?? claims.vct, alignment: listed } } });
}

function checkPresentationFormat(document: JsonObject): CheckResult | null {
  const contexts = asArray(document["@context"]);
  if (contexts[0] !== VC_V1_CONTEXT && contexts[0] !== VC_V2_CONTEXT) {
    return { id: "format", outcome: "fail", code: "unknown-context", message: "This is not a W3C verifiable presentation: its first @context is not the Verifiable Credentials v1 or v2 context." };
  }
  const badContext = checkContextEntries(contexts, "presentation");
  if (badContext) return badContext;
  const badText = checkSignableText(document, "presentation");
  if (badText) return badText;
  // A presentation without credentials is valid (VC data model 2.0, section 4.13): its own proof, challenge and
  // domain still show who presented it and to whom.
  return null;
}

/**
 * A presentation: the holder's proof (purpose "authentication"; the challenge and domain when Attest
 * issued them), then each credential in its own nested report. When the holder's signature is valid, its
 * signer DID is what each credential's subject must be (holder binding by DID); the presentation's verdict
 * combines its own proof with its members', like a CLR's.
 */
async function verifyPresentation(
  presentation: JsonObject,
  options: VerifyCredentialOptions,
  base: ReportBase,
  depth: number,
): Promise<VerificationReport> {
  const badFormat = checkPresentationFormat(presentation);
  if (badFormat) return failedFormatReport(base, badFormat, presentationSummary(presentation));

  const signed = asArray(presentation.proof).length > 0;
  let finding: ProofFinding | null = null;
  if (signed) {
    try {
      finding = await verifyPresentationProofs(presentation, loaderFor(presentation, options), { ...(options.challenge !== undefined ? { challenge: options.challenge } : {}), ...(options.domain !== undefined ? { domain: options.domain } : {}) });
    } catch (error) {
      finding = { kind: "error", detail: error instanceof Error ? error.message : String(error) };
    }
  } else if (options.challenge !== undefined) {
    finding = { kind: "challenge-mismatch", expected: options.challenge };
  }
  return presentationReport(presentation, finding, options, base, depth);
}

/** A presentation secured as a JWT (VC-JWT 1.1 `vp` claim, or VC 2.0 `vp+jwt`, bare or enveloped). */
async function verifyPresentationJwt(parsed: ParsedVpJwt, options: VerifyCredentialOptions, base: ReportBase, depth: number): Promise<VerificationReport> {
  const { presentation } = parsed;
  if (depth >= MAX_DEPTH) return failedFormatReport(base, { id: "format", outcome: "fail", code: "too-deep", message: "The presentation is nested too deeply to be checked." });
  const badFormat = checkPresentationFormat(presentation);
  if (badFormat) return failedFormatReport(base, badFormat, presentationSummary(presentation));
  let finding: ProofFinding;
  try {
    finding = await verifyPresentationJwtSignature(parsed, loaderFor(presentation, options), { ...(options.challenge !== undefined ? { challenge: options.challenge } : {}), ...(options.domain !== undefined ? { domain: options.domain } : {}) });
  } catch (error) {
    finding = { kind: "error", detail: error instanceof Error ? error.message : String(error) };
  }
  return presentationReport(presentation, finding, options, base, depth);
}

function presentationSummary(presentation: JsonObject): NonNullable<VerificationReport["summary"]> {
  return { types: asStrings(presentation.type), format: "vp" as const, ...(idOf(presentation.holder) ? { subjectId: idOf(presentation.holder) as string } : {}) };
}

/**
 * The report on a presentation whose own proof gave `finding` (null: unsigned): each credential in its own nested
 * report, with the verified signer as the holder every credential's subject must be.
 */
async function presentationReport(presentation: JsonObject, finding: ProofFinding | null, options: VerifyCredentialOptions, base: ReportBase, depth: number): Promise<VerificationReport> {
  const summary = presentationSummary(presentation);
  const proof: CheckResult = finding
    ? toProofCheck(finding, "presentation")
    : { id: "proof", outcome: "not-applicable", code: "unsigned-presentation", message: "The presentation itself is not signed, so it does not show who submitted it; each credential is checked on its own." };
  const signer = finding?.kind === "verified" ? finding.signer : undefined;

  const memberOptions = (i: number): VerifyCredentialOptions => ({
    ...options,
    input: `${options.input} › credential ${i + 1}`,
    ...(signer ? { expectedHolder: { ...options.expectedHolder, did: signer } } : {}),
  });
  const members = await Promise.all(asArray(presentation.verifiableCredential).map((member, i) => verifyAt(member, memberOptions(i), depth + 1)));

  const checks: CheckResult[] = [
    finding ? formatCheckAfterProof(finding, "presentation") : { id: "format", outcome: "pass", code: "well-formed", message: "The document is a well-formed verifiable presentation." },
    proof,
    { id: "validity", outcome: "not-applicable", code: "see-credentials", message: "A presentation has no validity period of its own; each credential's is checked below." },
    { id: "status", outcome: "not-applicable", code: "see-credentials", message: "A presentation has no revocation status of its own; each credential's is checked below." },
    { id: "issuer", outcome: "not-applicable", code: "see-credentials", message: "Each credential's issuer is checked below." },
    presentationHolderCheck(signer, members, options.expectedHolder),
    membersCheck(members, "presentation"),
  ];
  return { ...base, credentials: members, verdict: decideVerdict(checks), checks, skills: mergeSkills(members.map((m) => m.skills)), summary };
}

/** Holder binding for a presentation: the signer must be the subject of every credential that names one. */
function presentationHolderCheck(signer: string | undefined, members: VerificationReport[], expected: ExpectedHolder | undefined): CheckResult {
  if (!signer) {
    return { id: "holder", outcome: "not-applicable", code: "no-holder-binding", message: "The presentation carries no valid holder signature, so it does not show who submitted it." };
  }
  if (expected?.did && expected.did !== signer) {
    return { id: "holder", outcome: "fail", code: "holder-mismatch", message: "The presentation was signed by someone other than the expected holder." };
  }
  const subjects = members.map((m) => m.summary?.subjectId).filter((s): s is string => s !== undefined);
  if (subjects.length === 0) {
    return { id: "holder", outcome: "not-applicable", code: "no-holder-binding", message: "The credentials do not name their holder by an identifier that can be compared with the presentation's signer." };
  }
  if (subjects.every((s) => s === signer)) {
    return { id: "holder", outcome: "pass", code: "holder-match", message: "The presentation was signed by the person the credentials were issued to." };
  }
  return { id: "holder", outcome: "fail", code: "holder-mismatch", message: "The presentation was signed by someone other than the person some of its credentials were issued to." };
}

function ob2Options(options: VerifyCredentialOptions, now: Date) {
  return { ...(options.fetchHosted ? { fetchHosted: options.fetchHosted } : {}), now, ...(options.expectedHolder ? { expectedHolder: options.expectedHolder } : {}) };
}

async function verifyHostedBadge(assertion: JsonObject, options: VerifyCredentialOptions, base: ReportBase, now: Date): Promise<VerificationReport> {
  return ob2Report(await verifyOb2Assertion(assertion, ob2Options(options, now)), options, base);
}

/** The report on an Open Badges 2.0 assertion, hosted or signed. */
function ob2Report(result: Ob2Result, options: VerifyCredentialOptions, base: ReportBase): VerificationReport {
  const { badge, issuer: profile } = result;
  const hosted = result.assertion;
  const issuerId = idOf(profile) ?? (badge && typeof badge.issuer === "string" ? badge.issuer : undefined);
  const signed = isObject(hosted.verification) && hosted.verification.type === "SignedBadge";
  const described: NonNullable<VerificationReport["summary"]> = { types: asStrings(hosted.type), format: "ob2", securing: signed ? "jwt" : "hosted" };
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
  // Open Badges 2.0 alignments live on the BadgeClass; shaped as an OBv3 achievement for the one extractor.
  const skills = badge ? extractSkills({ credentialSubject: { achievement: { name: badge.name, alignment: badge.alignment, tag: badge.tags } } }) : [];
  return { ...base, verdict: decideVerdict(checks), checks, skills, ...(summary ? { summary } : {}) };
}
