/**
 * The proof check: every proof on the document must verify. Delegates the cryptography and JSON-LD to
 * @digitalbazaar/vc and turns its error objects into a small set of findings a person can act on.
 */
import { createPublicKey, verify as cryptoVerify } from "node:crypto";
import * as vc from "@digitalbazaar/vc";
import { Ed25519Signature2020 } from "@digitalbazaar/ed25519-signature-2020";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { createVerifyCryptosuite as createEddsaJcs2022 } from "@digitalbazaar/eddsa-jcs-2022-cryptosuite";
import { cryptosuite as ecdsaRdfc2019 } from "@digitalbazaar/ecdsa-rdfc-2019-cryptosuite";
import { createVerifyCryptosuite as createEcdsaSd2023 } from "@digitalbazaar/ecdsa-sd-2023-cryptosuite";
import jsigs from "jsonld-signatures";
import jsonld from "jsonld";
import type { CheckResult } from "../report";
import type { DocumentLoader } from "../document-loader.server";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { base58btc } from "./base58.server";
import { createFastCanonizer } from "../fast-canonize.server";
import { asArray, isObject, type JsonObject } from "./util";
import { describeChainProblem, isChained, verifyChainedProofs } from "./proof-chain.server";

/**
 * What a proof check found. `evidence` names the suite and key of each proof (see {@link proofEvidence}); it travels
 * with the finding, so a finding served from the verification cache still says which key signed.
 */
export type ProofFinding = (
  | { kind: "verified"; proofTypes: string[]; /** For presentations: the DID (or URL) that signed. */ signer?: string }
  | { kind: "no-proof" }
  | { kind: "signature-mismatch" }
  | { kind: "invalid-proof" }
  /** An ecdsa-sd-2023 base proof: only its holder derives a disclosure proof from it; a verifier must refuse it. */
  | { kind: "base-proof" }
  /** A `previousProof` that names a missing proof, repeats an id or loops (proof-chain.server.ts says which). */
  | { kind: "broken-chain"; detail: string }
  | { kind: "wrong-purpose"; purpose: string }
  | { kind: "issuer-key-mismatch" }
  | { kind: "holder-key-mismatch" }
  | { kind: "challenge-mismatch"; expected: string; found?: string }
  | { kind: "domain-mismatch"; expected: string; found?: string }
  | { kind: "unsupported-suite"; proofTypes: string[] }
  | { kind: "key-unresolvable"; url: string }
  | { kind: "context-unavailable"; url: string }
  | { kind: "undefined-terms"; terms: string[] }
  | { kind: "malformed"; detail: string }
  | { kind: "error"; detail: string }
) & { evidence?: Record<string, string> };

// Suites are created once per process: they hold no per-credential state that outlives a call.
/** The libraries' own suites, untouched: the reference path every fast path is checked against. */
const REFERENCE_SUITES = [
  new Ed25519Signature2020(),
  new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
  new DataIntegrityProof({ cryptosuite: createEddsaJcs2022() }),
  new DataIntegrityProof({ cryptosuite: ecdsaRdfc2019 }),
  new DataIntegrityProof({ cryptosuite: createEcdsaSd2023() }),
];

/**
 * The same suites with two caches plugged in where the libraries allow it (see
 * docs/decisions/004-verification-fast-path.md): shape-keyed canonicalisation (fast-canonize.server.ts, which
 * falls back to the suite's own canonize for anything unusual) and imported public keys. The cryptography and
 * every check the libraries make are unchanged.
 */
const fastCanonizer = createFastCanonizer();

/** Imported keys by their JSON: a key is re-imported only when its verification method document differs. */
const KEY_CACHE_LIMIT = 1000;
function boundedCache<V>(): Map<string, Promise<V>> {
  return new Map<string, Promise<V>>();
}
function cached<V>(cache: Map<string, Promise<V>>, key: string, make: () => Promise<V>): Promise<V> {
  const hit = cache.get(key);
  if (hit) return hit;
  if (cache.size >= KEY_CACHE_LIMIT) cache.clear();
  const pending = make();
  cache.set(key, pending);
  pending.catch(() => cache.delete(key));
  return pending;
}
const verifierCache = boundedCache<unknown>();
const ed2020MethodCache = boundedCache<Record<string, unknown>>();

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 key bytes follow (RFC 8410). */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

interface KeyVerifier {
  algorithm: string;
  id?: string;
  verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
}

/**
 * An Ed25519 verifier that imports the public key once. The multikey library's verifier rebuilds a KeyObject
 * from DER on every call (a fifth of the CPU time once canonicalisation is cached); the check itself is the
 * same `crypto.verify(null, data, key, signature)` call.
 */
async function importEd25519Verifier(verificationMethod: Record<string, unknown>): Promise<KeyVerifier> {
  const keyPair = (await Ed25519Multikey.from(verificationMethod)) as unknown as {
    publicKey?: Uint8Array;
    verifier(): KeyVerifier;
  };
  const verifier = keyPair.verifier();
  const raw = keyPair.publicKey;
  if (verifier.algorithm !== "Ed25519" || !(raw instanceof Uint8Array) || raw.length !== 32) return verifier;
  const publicKey = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: "der", type: "spki" });
  return {
    algorithm: verifier.algorithm,
    ...(verifier.id !== undefined ? { id: verifier.id } : {}),
    verify: async ({ data, signature }) => cryptoVerify(null, data, publicKey, signature),
  };
}

type CanonizeFn = (input: unknown, options: Record<string, unknown>) => Promise<string>;

class FastEd25519Signature2020 extends (Ed25519Signature2020 as unknown as new () => {
  canonize(input: unknown, options: Record<string, unknown>): Promise<string>;
  getVerificationMethod(options: {
    proof: JsonObject;
    documentLoader: DocumentLoader;
  }): Promise<Record<string, unknown>>;
  verifySignature(options: {
    verifyData: Uint8Array;
    verificationMethod: Record<string, unknown>;
    proof: JsonObject;
  }): Promise<boolean>;
}) {
  override async canonize(input: unknown, options: Record<string, unknown>): Promise<string> {
    return fastCanonizer.canonize(input, { ...options, safe: true, base: null }, (i, o) => super.canonize(i, o));
  }

  /** The library loads the method and converts it (Multikey → Ed25519VerificationKey2020); the conversion is cached. */
  override async getVerificationMethod(options: {
    proof: JsonObject;
    documentLoader: DocumentLoader;
  }): Promise<Record<string, unknown>> {
    const vm = isObject(options.proof.verificationMethod)
      ? options.proof.verificationMethod.id
      : options.proof.verificationMethod;
    if (typeof vm !== "string" || !vm) return super.getVerificationMethod(options);
    const { document } = await options.documentLoader(vm);
    const key = typeof document === "string" ? document : JSON.stringify(document);
    const method = await cached(ed2020MethodCache, `${vm}\u0000${key}`, () =>
      super.getVerificationMethod({
        ...options,
        documentLoader: async () => ({ contextUrl: null, documentUrl: vm, document }),
      }),
    );
    return { ...method };
  }

  override async verifySignature(options: {
    verifyData: Uint8Array;
    verificationMethod: Record<string, unknown>;
    proof: JsonObject;
  }): Promise<boolean> {
    const { proofValue } = options.proof;
    if (typeof proofValue !== "string" || !proofValue || proofValue[0] !== "z") return super.verifySignature(options);
    const verifier = (await cached(verifierCache, `Ed25519\u0000${JSON.stringify(options.verificationMethod)}`, () =>
      importEd25519Verifier(options.verificationMethod),
    )) as KeyVerifier;
    let signature: Uint8Array;
    try {
      signature = base58btc.decode(proofValue.slice(1));
    } catch {
      return super.verifySignature(options);
    }
    return verifier.verify({ data: options.verifyData, signature });
  }
}

function fastCryptosuite<
  T extends {
    canonize: CanonizeFn;
    createVerifier: (o: { verificationMethod: Record<string, unknown> }) => Promise<unknown>;
    name: string;
  },
>(
  suite: T,
  importVerifier: (verificationMethod: Record<string, unknown>) => Promise<unknown> = (verificationMethod) =>
    suite.createVerifier({ verificationMethod }),
): T {
  return {
    ...suite,
    canonize: (input: unknown, options: Record<string, unknown>) =>
      fastCanonizer.canonize(input, options, suite.canonize),
    createVerifier: (options: { verificationMethod: Record<string, unknown> }) =>
      cached(verifierCache, `${suite.name}\u0000${JSON.stringify(options.verificationMethod)}`, () =>
        importVerifier(options.verificationMethod),
      ),
  };
}

const FAST_SUITES = [
  new FastEd25519Signature2020(),
  new DataIntegrityProof({
    cryptosuite: fastCryptosuite(
      eddsaRdfc2022 as unknown as Parameters<typeof fastCryptosuite>[0],
      importEd25519Verifier,
    ),
  }),
  new DataIntegrityProof({ cryptosuite: createEddsaJcs2022() }),
  new DataIntegrityProof({
    cryptosuite: fastCryptosuite(ecdsaRdfc2019 as unknown as Parameters<typeof fastCryptosuite>[0]),
  }),
  // Selective disclosure canonicalises with its own label map: no shape template applies, so the library as it is.
  new DataIntegrityProof({ cryptosuite: createEcdsaSd2023() }),
];

/** Which suites a call uses: "fast" (the default) or "reference" (the libraries untouched; tests and benchmarks). */
export type ProofPath = "fast" | "reference";
let defaultPath: ProofPath = process.env.ATTEST_VERIFY_REFERENCE === "1" ? "reference" : "fast";

/** Switch the process-wide default path (tests compare both). Returns the previous one. */
export function setDefaultProofPath(path: ProofPath): ProofPath {
  const previous = defaultPath;
  defaultPath = path;
  return previous;
}

/** Counters of the shape-keyed canonicaliser, for benchmarks and tests. */
export function fastCanonizeStats() {
  return { ...fastCanonizer.stats };
}

function suitesFor(path: ProofPath | undefined) {
  return (path ?? defaultPath) === "reference" ? REFERENCE_SUITES : FAST_SUITES;
}

/** DataIntegrityProof cryptosuites with a verifier above (bbs-2023, the other selective-disclosure suite: not yet). */
export const SUPPORTED_CRYPTOSUITES: ReadonlySet<string> = new Set([
  "eddsa-rdfc-2022",
  "eddsa-jcs-2022",
  "ecdsa-rdfc-2019",
  "ecdsa-sd-2023",
]);

export function describeProofType(proof: unknown): string {
  if (!isObject(proof)) return "unknown";
  const type = typeof proof.type === "string" ? proof.type : "unknown";
  return type === "DataIntegrityProof" && typeof proof.cryptosuite === "string"
    ? `${type} (${proof.cryptosuite})`
    : type;
}

function isSupportedProof(proof: JsonObject): boolean {
  if (proof.type === "Ed25519Signature2020") return true;
  return (
    proof.type === "DataIntegrityProof" &&
    typeof proof.cryptosuite === "string" &&
    SUPPORTED_CRYPTOSUITES.has(proof.cryptosuite)
  );
}

/** JSON-LD events that mean "a term (property or type) no context defines". */
const UNDEFINED_TERM_EVENTS = new Set(["invalid property", "relative @type reference"]);

/** Walk an error and everything it wraps (jsonld `details.cause`, jsigs `errors[]`, `cause`). */
function* errorChain(error: unknown, depth = 0): Generator<JsonObject> {
  if (depth > 6 || (!isObject(error) && !(error instanceof Error))) return;
  const e = error as unknown as JsonObject;
  yield e;
  for (const nested of asArray(e.errors)) yield* errorChain(nested, depth + 1);
  if (e.cause !== undefined) yield* errorChain(e.cause, depth + 1);
  if (isObject(e.details) && e.details.cause !== undefined) yield* errorChain(e.details.cause, depth + 1);
}

function messageOf(error: JsonObject): string {
  return typeof error.message === "string" ? error.message : "";
}

/** The base (fragment-free) form of a URL, to tell a key document from a context. */
function withoutFragment(url: string): string {
  const hash = url.indexOf("#");
  return hash < 0 ? url : url.slice(0, hash);
}

/**
 * Classify one error from the vc library. Order matters: a safe-mode or missing-document error is the
 * reason a signature could not be computed, so it wins over the generic "Invalid signature".
 */
function classifyError(error: unknown, proof: JsonObject | undefined): ProofFinding {
  const chain = [...errorChain(error)];
  const vm = proof && typeof proof.verificationMethod === "string" ? proof.verificationMethod : undefined;

  const safeMode = chain.find((e) => e.name === "jsonld.ValidationError" && messageOf(e).startsWith("Safe mode"));
  if (safeMode) {
    const event = isObject(safeMode.details) && isObject(safeMode.details.event) ? safeMode.details.event : {};
    if (typeof event.code === "string" && UNDEFINED_TERM_EVENTS.has(event.code))
      return { kind: "undefined-terms", terms: [] };
    const eventDetails = isObject(event.details) ? event.details : {};
    if (event.code === "relative @id reference") {
      return {
        kind: "malformed",
        detail: `an identifier is not a full URL (${JSON.stringify(eventDetails.id ?? "")})`,
      };
    }
    return {
      kind: "malformed",
      detail: `its JSON-LD is invalid (${typeof event.code === "string" ? event.code : "safe mode"})`,
    };
  }
  const unavailable = chain.find((e) => e.name === "DocumentUnavailableError" && typeof e.url === "string");
  if (unavailable) {
    const url = unavailable.url as string;
    const isKey = vm !== undefined && (url === vm || withoutFragment(url) === withoutFragment(vm));
    return isKey || url.startsWith("did:") ? { kind: "key-unresolvable", url } : { kind: "context-unavailable", url };
  }
  const loadFailure = chain.find((e) => e.name === "jsonld.InvalidUrl" || e.name === "jsonld.LoadDocumentError");
  if (loadFailure) {
    const details = isObject(loadFailure.details) ? loadFailure.details : {};
    return { kind: "context-unavailable", url: typeof details.url === "string" ? details.url : "unknown" };
  }
  if (chain.some((e) => messageOf(e) === "Invalid signature.")) return { kind: "signature-mismatch" };
  if (chain.some((e) => /must be a derived proof/.test(messageOf(e)))) return { kind: "base-proof" };
  // A signature value that is missing or not even decodable: the proof is broken, not merely unchecked.
  if (
    chain.some((e) =>
      /"?proofValue"?|multibase encoding|signature.*(length|size)|No "verificationMethod"/i.test(messageOf(e)),
    )
  ) {
    return { kind: "invalid-proof" };
  }
  if (
    chain.some(
      (e) =>
        /issuer must match the verification method controller/i.test(messageOf(e)) ||
        /not authorized by controller/i.test(messageOf(e)),
    )
  ) {
    return { kind: "issuer-key-mismatch" };
  }
  if (chain.some((e) => e.name === "NotFoundError")) return { kind: "unsupported-suite", proofTypes: [] };
  const first = chain[0];
  return { kind: "error", detail: first ? messageOf(first) || String(first.name ?? "unknown error") : "unknown error" };
}

/** Expand without safe mode, collecting every term the contexts do not define (for the report). */
async function findUndefinedTerms(document: JsonObject, documentLoader: DocumentLoader): Promise<string[]> {
  const terms = new Set<string>();
  try {
    await jsonld.expand(document, {
      documentLoader,
      base: null,
      eventHandler: ({ event }) => {
        if (!event.code || !UNDEFINED_TERM_EVENTS.has(event.code)) return;
        const details = event.details ?? {};
        const term = event.code === "invalid property" ? details.property : details.type;
        if (typeof term === "string") terms.add(term);
      },
    });
  } catch {
    // The safe-mode error already told us that undefined terms exist; the list is a courtesy.
  }
  return [...terms].sort();
}

const SEVERITY: Record<ProofFinding["kind"], number> = {
  // format problems first, then definite failures, then "could not check", then success
  malformed: 0,
  "undefined-terms": 1,
  "no-proof": 2,
  "signature-mismatch": 3,
  "invalid-proof": 3,
  "base-proof": 3,
  "broken-chain": 3,
  "wrong-purpose": 3,
  "challenge-mismatch": 3,
  "domain-mismatch": 3,
  "issuer-key-mismatch": 4,
  "holder-key-mismatch": 4,
  "unsupported-suite": 5,
  "key-unresolvable": 6,
  "context-unavailable": 7,
  error: 8,
  verified: 9,
};

function worst(findings: ProofFinding[]): ProofFinding {
  return findings.reduce((a, b) => (SEVERITY[b.kind] < SEVERITY[a.kind] ? b : a));
}

function sameProof(a: unknown, b: JsonObject): boolean {
  return (
    isObject(a) && a.type === b.type && a.proofValue === b.proofValue && a.verificationMethod === b.verificationMethod
  );
}

/**
 * The facts a reviewer can check by hand about each proof: its suite, the verification method (key) it names, its
 * purpose and when it was made. Several proofs are numbered ("Key 2"). Taken from the document, not from the
 * libraries, so the reference and fast paths report the same thing.
 */
export function proofEvidence(proofs: JsonObject[], extra: Record<string, string> = {}): Record<string, string> {
  const evidence: Record<string, string> = {};
  proofs.forEach((proof, i) => {
    const n = proofs.length > 1 ? ` ${i + 1}` : "";
    const vm = isObject(proof.verificationMethod) ? proof.verificationMethod.id : proof.verificationMethod;
    evidence[`Suite${n}`] = describeProofType(proof);
    evidence[`Key${n}`] = typeof vm === "string" && vm ? vm : "none named";
    if (typeof proof.proofPurpose === "string") evidence[`Purpose${n}`] = proof.proofPurpose;
    if (typeof proof.created === "string") evidence[`Signed at${n}`] = proof.created;
    const previous = asArray(proof.previousProof).filter((id): id is string => typeof id === "string");
    if (previous.length > 0) evidence[`Countersigns${n}`] = previous.join(", ");
  });
  return { ...evidence, ...extra };
}

/**
 * Verify every proof on `document` with the supported suites. The vc library's own date checks are
 * neutralised (infinite clock skew) because validity is its own check, and its status hook is a no-op
 * because status is checked separately, after the proof passed. jsonld-signatures accepts a document
 * when *any* proof verifies; Attest requires *all* of them, so the per-proof results are inspected.
 */
export async function verifyProofs(
  document: JsonObject,
  documentLoader: DocumentLoader,
  options: { path?: ProofPath } = {},
): Promise<ProofFinding> {
  const proofs = asArray(document.proof).filter(isObject);
  if (proofs.length === 0) return { kind: "no-proof" };
  const chainProblem = describeChainProblem(proofs);
  if (chainProblem) return { kind: "broken-chain", detail: chainProblem, evidence: proofEvidence(proofs) };
  // Chained proofs sign the document with earlier proofs in it: verified apart (proof-chain.server.ts).
  const unchained = proofs.filter((proof) => !isChained(proof));

  let result: Awaited<ReturnType<typeof vc.verifyCredential>>;
  try {
    result = await vc.verifyCredential({
      credential: unchained.length === proofs.length ? document : { ...document, proof: unchained },
      suite: suitesFor(options.path),
      documentLoader,
      checkStatus: async () => ({ verified: true }),
      maxClockSkew: Number.POSITIVE_INFINITY,
    });
    if (unchained.length < proofs.length) {
      const chained = await verifyChainedProofs(document, proofs, REFERENCE_SUITES, documentLoader);
      result = { ...result, results: [...(result.results ?? []), ...chained] };
    }
  } catch (error) {
    return {
      kind: "error",
      detail: error instanceof Error ? error.message : String(error),
      evidence: proofEvidence(proofs),
    };
  }
  return {
    ...(await collectFindings(document, proofs, result, "assertionMethod", documentLoader)),
    evidence: proofEvidence(proofs),
  };
}

/** Turn a vc / jsonld-signatures result into one finding: the worst over every proof on the document. */
async function collectFindings(
  document: JsonObject,
  proofs: JsonObject[],
  result: {
    verified: boolean;
    results?: Array<{ proof?: unknown; verified: boolean; error?: unknown }>;
    error?: unknown;
  },
  purpose: "assertionMethod" | "authentication",
  documentLoader: DocumentLoader,
): Promise<ProofFinding> {
  const perProof = (result.results ?? []).filter((r) => isObject(r.proof));
  if (perProof.length === 0 && !result.verified) {
    // No proof was attempted: either no suite matched any proof (handled per proof below), or the vc
    // library rejected the credential's shape before looking at proofs.
    const finding = classifyError(result.error, undefined);
    if (finding.kind === "error") return { kind: "malformed", detail: finding.detail };
    if (finding.kind !== "unsupported-suite") return finding;
  }

  const findings: ProofFinding[] = [];
  const unsupported: string[] = [];
  for (const proof of proofs) {
    const outcome = perProof.find((r) => sameProof(r.proof, proof));
    if (!outcome) {
      // Not matched by any suite: an unsupported type, a proof made for another purpose (e.g. a holder's
      // "authentication"), or a supported type whose suite context the credential lacks.
      if (isSupportedProof(proof) && proof.proofPurpose !== purpose) {
        findings.push({ kind: "wrong-purpose", purpose: String(proof.proofPurpose ?? "none") });
      } else if (isSupportedProof(proof)) {
        unsupported.push(`${describeProofType(proof)} without its suite context`);
      } else {
        unsupported.push(describeProofType(proof));
      }
      continue;
    }
    findings.push(
      outcome.verified
        ? { kind: "verified", proofTypes: [describeProofType(proof)] }
        : classifyError(outcome.error, proof),
    );
  }
  if (unsupported.length > 0) findings.push({ kind: "unsupported-suite", proofTypes: unsupported });

  const finding = worst(findings);
  if (finding.kind === "undefined-terms")
    return { kind: "undefined-terms", terms: await findUndefinedTerms(document, documentLoader) };
  if (finding.kind === "verified") return { kind: "verified", proofTypes: proofs.map(describeProofType) };
  return finding;
}

/** What the verifier asked the holder to sign: set only when Attest issued the challenge (and domain). */
export interface ExpectedPresentationBinding {
  challenge?: string;
  domain?: string;
}

function controllerOf(verificationMethod: unknown): string | undefined {
  const vm = isObject(verificationMethod) ? verificationMethod.id : verificationMethod;
  return typeof vm === "string" ? (vm.split("#")[0] as string) : undefined;
}

/**
 * Verify a presentation's own proofs (the holder's): purpose "authentication", and when Attest issued a
 * challenge or domain, the proof must carry exactly those, so a presentation recorded elsewhere cannot be
 * replayed. The challenge is compared before any cryptography: a replay is a definite failure even when
 * the key cannot be fetched. Member credentials are not verified here (each gets its own report).
 */
export async function verifyPresentationProofs(
  presentation: JsonObject,
  documentLoader: DocumentLoader,
  expected: ExpectedPresentationBinding = {},
  options: { path?: ProofPath } = {},
): Promise<ProofFinding> {
  const proofs = asArray(presentation.proof).filter(isObject);
  if (proofs.length === 0) return { kind: "no-proof" };
  const finding = await checkPresentationProofs(presentation, proofs, documentLoader, expected, options);
  const extra: Record<string, string> = {};
  const challenges = proofs.map((p) => p.challenge).filter((c): c is string => typeof c === "string");
  if (challenges.length > 0) extra.Challenge = challenges.join(", ");
  if (expected.challenge !== undefined) extra["Challenge Attest issued"] = expected.challenge;
  const domains = proofs.flatMap((p) => asArray(p.domain)).filter((d): d is string => typeof d === "string");
  if (domains.length > 0) extra.Domain = domains.join(", ");
  if (finding.kind === "verified" && finding.signer) extra.Signer = finding.signer;
  return { ...finding, evidence: proofEvidence(proofs, extra) };
}

async function checkPresentationProofs(
  presentation: JsonObject,
  proofs: JsonObject[],
  documentLoader: DocumentLoader,
  expected: ExpectedPresentationBinding,
  options: { path?: ProofPath },
): Promise<ProofFinding> {
  for (const proof of proofs) {
    if (proof.proofPurpose !== "authentication")
      return { kind: "wrong-purpose", purpose: String(proof.proofPurpose ?? "none") };
    const found = typeof proof.challenge === "string" ? proof.challenge : undefined;
    if (expected.challenge !== undefined && found !== expected.challenge) {
      return { kind: "challenge-mismatch", expected: expected.challenge, ...(found !== undefined ? { found } : {}) };
    }
    const domains = asArray(proof.domain).filter((d): d is string => typeof d === "string");
    if (expected.domain !== undefined && !domains.includes(expected.domain)) {
      return {
        kind: "domain-mismatch",
        expected: expected.domain,
        ...(domains[0] !== undefined ? { found: domains[0] } : {}),
      };
    }
  }

  // One purpose per proof: the challenge was compared above, so each proof is checked against its own.
  const findings: ProofFinding[] = [];
  for (const proof of proofs) {
    const single = { ...presentation, proof };
    const purpose =
      typeof proof.challenge === "string"
        ? new jsigs.purposes.AuthenticationProofPurpose({
            challenge: proof.challenge,
            ...(expected.domain ? { domain: expected.domain } : {}),
          })
        : new jsigs.purposes.ControllerProofPurpose({ term: "authentication" });
    let result: Awaited<ReturnType<typeof jsigs.verify>>;
    try {
      result = await jsigs.verify(single, { suite: suitesFor(options.path), purpose, documentLoader });
    } catch (error) {
      findings.push({ kind: "error", detail: error instanceof Error ? error.message : String(error) });
      continue;
    }
    findings.push(await collectFindings(single, [proof], result, "authentication", documentLoader));
  }
  const finding = worst(findings);
  if (finding.kind !== "verified") return finding;

  // The signer must be the holder the presentation names, when it names one.
  const signers = [
    ...new Set(proofs.map((p) => controllerOf(p.verificationMethod)).filter((s): s is string => s !== undefined)),
  ];
  const holder = isObject(presentation.holder) ? presentation.holder.id : presentation.holder;
  if (typeof holder === "string" && signers.some((s) => s !== holder)) return { kind: "holder-key-mismatch" };
  return { kind: "verified", proofTypes: proofs.map(describeProofType), ...(signers[0] ? { signer: signers[0] } : {}) };
}

function didWebNote(url: string): string {
  if (!url.startsWith("did:web:")) return "";
  return " A did:web key is published on the issuer's own website (as a did.json file), and that website could not be reached or did not list this key; the credential may be genuine, so try again later.";
}

/**
 * The proof check as a report entry. Undefined terms and malformed shapes are reported by the format check.
 * `noun` names what was signed ("credential" or "presentation"), so sentences read right for both.
 */
export function toProofCheck(finding: ProofFinding, noun: "credential" | "presentation" = "credential"): CheckResult {
  const check = (outcome: CheckResult["outcome"], code: string, message: string): CheckResult => ({
    id: "proof",
    outcome,
    code,
    message,
    ...(finding.evidence && Object.keys(finding.evidence).length > 0 ? { evidence: finding.evidence } : {}),
  });
  const The = noun === "credential" ? "The credential" : "The presentation";
  const signer = noun === "credential" ? "issuer" : "holder";
  switch (finding.kind) {
    case "verified":
      return check(
        "pass",
        "signature-valid",
        finding.proofTypes.length > 1
          ? `All ${finding.proofTypes.length} digital signatures are valid: the content has not been changed since it was ${noun === "credential" ? "issued" : "signed"}.`
          : `The digital signature is valid: the content has not been changed since it was ${noun === "credential" ? "issued" : "signed"}.`,
      );
    case "no-proof":
      return check("fail", "no-proof", `${The} carries no digital signature.`);
    case "signature-mismatch":
      return check(
        "fail",
        "signature-mismatch",
        `The digital signature does not match the content: the ${noun} was altered after it was signed, or the signature is forged.`,
      );
    case "base-proof":
      return check(
        "fail",
        "base-proof",
        `${The} carries the issuer's base selective-disclosure proof (ecdsa-sd-2023), which only its holder may use to derive a proof over what they disclose; a verifier accepts only such a derived proof.`,
      );
    case "broken-chain":
      return check("fail", "broken-chain", `${The}'s signatures do not form a valid chain. ${finding.detail}`);
    case "invalid-proof":
      return check(
        "fail",
        "invalid-proof",
        `${The}'s digital signature is missing or damaged, so it cannot be genuine as presented.`,
      );
    case "wrong-purpose":
      return check(
        "fail",
        "wrong-proof-purpose",
        noun === "credential"
          ? `The signature was not made to issue this credential (its stated purpose is "${finding.purpose}").`
          : `The signature was not made by the holder to present these credentials (its stated purpose is "${finding.purpose}").`,
      );
    case "issuer-key-mismatch":
      return check(
        "fail",
        "issuer-key-mismatch",
        `${The} was signed with a key that does not belong to the ${signer} it names.`,
      );
    case "holder-key-mismatch":
      return check(
        "fail",
        "holder-key-mismatch",
        "The presentation was signed with a key that does not belong to the holder it names.",
      );
    case "challenge-mismatch":
      return check(
        "fail",
        "challenge-mismatch",
        finding.found === undefined
          ? "The presentation was not signed in answer to Attest's request (it carries no challenge), so it may be a copy made for someone else."
          : "The presentation was signed in answer to a different request (its challenge is not the one Attest issued), so it may be a replayed copy.",
      );
    case "domain-mismatch":
      return check(
        "fail",
        "domain-mismatch",
        `The presentation was signed for another website (${finding.found ?? "none"}), not for ${finding.expected}.`,
      );
    case "unsupported-suite":
      return check(
        "indeterminate",
        "unsupported-suite",
        `${The} is signed with a method Attest cannot check yet (${finding.proofTypes.join(", ") || "unknown"}).`,
      );
    case "key-unresolvable":
      return check(
        "indeterminate",
        "key-unresolvable",
        `The ${signer}'s public key (${finding.url}) could not be retrieved, so the signature could not be checked.${didWebNote(finding.url)}`,
      );
    case "context-unavailable":
      return check(
        "indeterminate",
        "context-unavailable",
        `${The} uses a vocabulary Attest does not have (${finding.url}), so the signature could not be checked.`,
      );
    case "undefined-terms":
      return check(
        "indeterminate",
        "not-checked",
        `The signature was not checked because the ${noun} contains fields that its vocabulary does not define.`,
      );
    case "malformed":
      return check(
        "indeterminate",
        "not-checked",
        `The signature was not checked because the ${noun} is not well-formed.`,
      );
    case "error":
      return check(
        "indeterminate",
        "verification-error",
        `The signature could not be checked because of an unexpected error in the ${noun}.`,
      );
  }
}
