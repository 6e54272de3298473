/**
 * OpenID for Verifiable Presentations 1.0 with DCQL, verifier side (docs/decisions/045-openid4vp.md).
 *
 * Staff (or a candidate on an invitation page) create a request from a template; the wallet gets an
 * `openid4vp://` link (or its QR code) naming only Attest's client identifier and a `request_uri`; it fetches the
 * signed request object there (GET, or POST with its metadata, when Attest may encrypt the answer with
 * `direct_post.jwt`) and posts its answer once to the `response_uri`.
 *
 * The protocol is the OpenWallet Foundation's `@openid4vc/openid4vp` (request objects, response parsing, JARM
 * decryption) and `dcql` (does the answer satisfy the query); the credentials are checked by Attest's one verifier,
 * with the request's nonce as challenge and the client identifier as audience, so the key-binding JWT of an SD-JWT
 * VC and the proof of a W3C presentation must both be made for this very request.
 */
import { withSkills } from "#app/skills/report-skills";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import * as jose from "jose";
import { DcqlPresentationResult, DcqlQuery, type DcqlPresentation } from "dcql";
import {
  Openid4vpVerifier,
  parseOpenid4vpAuthorizationResponse,
  type Openid4vpAuthorizationRequest,
} from "@openid4vc/openid4vp";
import { HashAlgorithm, setGlobalConfig, getGlobalConfig, type CallbackContext, type Jwk } from "@openid4vc/oauth2";
import type { Database } from "#db/client.server";
import { findCandidateByProvenDid } from "#db/queries/identity.server";
import type { CandidateTarget } from "#db/queries/store-credential.server";
import { invitations, presentationRequests, type PresentationRequest } from "#db/schema/index";
import type { IdentityDeps } from "#app/identity/identity.server";
import { toOutcomeLine } from "#app/ingest/outcome-line";
import { recordPublicSubmission } from "#app/ingest/public-submission.server";
import { storeVerifiedCredential, type CandidateDetails, type SubmitDeps } from "#app/ingest/submit.server";
import type { CheckResult, VerificationReport } from "#app/verification/report";
import { parseSdJwtVc } from "#app/verification/checks/sd-jwt-vc.server";
import {
  dcqlQueryFor,
  describeTemplate,
  expandedTypes,
  type DcqlQueryJson,
  type TemplateInput,
} from "./dcql-templates";
import type { VerifierIdentity } from "./verifier-identity.server";

/** How long a wallet has to answer: long enough to find the phone and unlock the wallet, short for a nonce. */
export const REQUEST_TTL_MS = 15 * 60_000;
/** The most a wallet may post (a few credentials, even as a presentation with embedded proofs). */
export const MAX_RESPONSE_BYTES = 1_000_000;
/** Wallet metadata posted to the request URI: a page of JSON at most. */
export const MAX_WALLET_METADATA_BYTES = 16 * 1024;

export type WalletDeps = Pick<SubmitDeps, "db" | "verify" | "now" | "onCommitted"> &
  Pick<IdentityDeps, "publicUrl" | "mailer"> & {
    /** Attest's key and certificate towards wallets, per installation (verifier-identity.server.ts). */
    identity: () => Promise<VerifierIdentity>;
  };

/** OpenID4VP error codes Attest answers wallets with; each refusal also carries a sentence. */
export type WalletErrorCode =
  | "invalid_request"
  | "invalid_request_uri"
  | "invalid_request_uri_method"
  | "invalid_request_object"
  | "vp_formats_not_supported";

export interface WalletRefusal {
  status: 400 | 404 | 405 | 410 | 413;
  body: { error: WalletErrorCode; error_description: string };
}

const refuse = (status: WalletRefusal["status"], error: WalletErrorCode, sentence: string): WalletRefusal => ({
  status,
  body: { error, error_description: sentence },
});

export type RequestState = "waiting" | "answered" | "verified" | "refused" | "expired";

export const STATE_WORDS: Record<RequestState, string> = {
  waiting: "Waiting for the wallet",
  answered: "Answered: checking the credentials",
  verified: "Verified",
  refused: "Refused",
  expired: "Expired without an answer",
};

export function stateOf(
  row: Pick<PresentationRequest, "outcome" | "answeredAt" | "expiresAt">,
  now: Date,
): RequestState {
  if (row.outcome === "verified" || row.outcome === "refused") return row.outcome;
  if (row.answeredAt) return "answered";
  return row.expiresAt < now ? "expired" : "waiting";
}

const requestUriOf = (publicUrl: string, id: string) => new URL(`/openid4vp/requests/${id}`, publicUrl).toString();
const responseUriOf = (publicUrl: string, id: string) => new URL(`/openid4vp/responses/${id}`, publicUrl).toString();

/** The link a wallet on the same device opens, and the QR code's content for one on another device. */
export function walletLinkFor(publicUrl: string, id: string, clientId: string): string {
  const params = new URLSearchParams({
    client_id: clientId,
    request_uri: requestUriOf(publicUrl, id),
    request_uri_method: "post",
  });
  return `openid4vp://?${params.toString()}`;
}

/**
 * Creates a presentation request for a candidate (a recruiter's, or an invitation's: pass `invitationId`). The
 * name and email are who the request is for; the wallet still proves only its key, so the credentials join that
 * person's record only as decision 011 allows (a known holder key, or the address confirmed by mail).
 */
export async function createPresentationRequest(
  deps: Pick<WalletDeps, "db" | "now" | "publicUrl" | "identity">,
  input: {
    template: TemplateInput;
    candidate: { name: string; email: string };
    invitationId?: string | null;
    createdBy?: string | null;
  },
) {
  const identity = await deps.identity();
  const id = `vpr_${randomBytes(18).toString("base64url")}`;
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + REQUEST_TTL_MS);
  const dcqlQuery = dcqlQueryFor(input.template);
  // The library validates the query as wallets will read it: a template that builds a bad query is our bug.
  DcqlQuery.validate(DcqlQuery.parse(dcqlQuery as DcqlQuery.Input));
  await deps.db.insert(presentationRequests).values({
    id,
    nonce: randomBytes(24).toString("base64url"),
    template: { kind: input.template.kind, label: describeTemplate(input.template) },
    dcqlQuery: dcqlQuery as unknown as Record<string, unknown>,
    candidateName: input.candidate.name,
    candidateEmail: input.candidate.email.toLowerCase(),
    invitationId: input.invitationId ?? null,
    createdBy: input.createdBy ?? null,
    createdAt: now,
    expiresAt,
  });
  return {
    id,
    walletLink: walletLinkFor(deps.publicUrl, id, identity.clientId),
    requestUri: requestUriOf(deps.publicUrl, id),
    expiresAt,
  };
}

export async function getPresentationRequest(db: Database, id: string): Promise<PresentationRequest | null> {
  const [row] = await db.select().from(presentationRequests).where(eq(presentationRequests.id, id));
  return row ?? null;
}

export async function listPresentationRequests(db: Database, limit = 20): Promise<PresentationRequest[]> {
  return db.select().from(presentationRequests).orderBy(desc(presentationRequests.createdAt)).limit(limit);
}

/** http:// response and request URIs are refused by the library unless allowed: a development or test server. */
function allowHttpFor(publicUrl: string) {
  const insecure = new URL(publicUrl).protocol === "http:";
  if (insecure && !getGlobalConfig().allowInsecureUrls)
    setGlobalConfig({ ...getGlobalConfig(), allowInsecureUrls: true });
}

function libraryCallbacks(
  identity: VerifierIdentity,
  decryptionKey?: jose.JWK,
): Omit<CallbackContext, "generateRandom" | "clientAuthentication"> {
  return {
    hash: (data, alg) =>
      new Uint8Array(
        createHash(alg === HashAlgorithm.Sha384 ? "sha384" : alg === HashAlgorithm.Sha512 ? "sha512" : "sha256")
          .update(data)
          .digest(),
      ),
    signJwt: async (_signer, { header, payload }) => {
      const key = await jose.importJWK(identity.privateJwk, "ES256");
      const jwt = await new jose.SignJWT(payload as jose.JWTPayload)
        .setProtectedHeader({ ...(header as jose.JWTHeaderParameters), alg: "ES256" })
        .sign(key);
      const { d: _d, ...publicJwk } = identity.privateJwk;
      return { jwt, signerJwk: publicJwk as Jwk };
    },
    // Attest signs nothing it must verify: a signed (not encrypted) answer is not accepted.
    verifyJwt: async () => ({ verified: false }),
    encryptJwe: async () => {
      throw new Error("Attest does not encrypt to wallets");
    },
    decryptJwe: async (jwe) => {
      if (!decryptionKey) return { decrypted: false };
      try {
        const { plaintext } = await jose.compactDecrypt(jwe, await jose.importJWK(decryptionKey, "ECDH-ES"), {
          keyManagementAlgorithms: ["ECDH-ES"],
          contentEncryptionAlgorithms: ["A128GCM", "A256GCM"],
        });
        const { d: _d, ...publicJwk } = decryptionKey;
        return { decrypted: true, decryptionJwk: publicJwk as Jwk, payload: new TextDecoder().decode(plaintext) };
      } catch {
        return { decrypted: false };
      }
    },
  };
}

type ResponseMode = "direct_post" | "direct_post.jwt";

/** The authorization request as the request object states it: rebuilt from the row the same way every time. */
function authorizationRequestFor(
  row: PresentationRequest,
  identity: VerifierIdentity,
  publicUrl: string,
  walletNonce?: string,
): Openid4vpAuthorizationRequest {
  const mode = (row.responseMode ?? "direct_post") as ResponseMode;
  const encryptionKey = row.encryptionKey as jose.JWK | null;
  const publicEncryptionKey = encryptionKey ? (({ d: _d, ...rest }) => rest)(encryptionKey) : null;
  return {
    response_type: "vp_token",
    client_id: identity.clientId,
    response_uri: responseUriOf(publicUrl, row.id),
    response_mode: mode,
    nonce: row.nonce,
    state: row.id,
    dcql_query: row.dcqlQuery,
    client_metadata: {
      client_name: "Attest",
      vp_formats_supported: {
        "dc+sd-jwt": {
          "sd-jwt_alg_values": ["ES256", "ES384", "EdDSA"],
          "kb-jwt_alg_values": ["ES256", "ES384", "EdDSA"],
        },
        ldp_vc: {
          proof_type_values: ["DataIntegrityProof", "Ed25519Signature2020"],
          cryptosuite_values: ["eddsa-rdfc-2022", "ecdsa-rdfc-2019", "ecdsa-sd-2023"],
        },
        jwt_vc_json: { alg_values: ["ES256", "ES384", "EdDSA"] },
      },
      ...(mode === "direct_post.jwt" && publicEncryptionKey
        ? {
            jwks: { keys: [publicEncryptionKey as Jwk] },
            encrypted_response_enc_values_supported: ["A128GCM", "A256GCM"],
          }
        : {}),
    },
    ...(walletNonce ? { wallet_nonce: walletNonce } : {}),
  } as Openid4vpAuthorizationRequest;
}

/** What a wallet posted to the request URI: `wallet_metadata` (JSON text) and `wallet_nonce`. */
export interface WalletRequestUriPost {
  walletMetadata: Record<string, unknown> | null;
  walletNonce: string | null;
}

/**
 * Reads a request-URI POST body (form-encoded). OpenID4VP 1.0 sends `wallet_metadata` as one JSON parameter;
 * `@openid4vc/openid4vp` 0.4.6's holder posts the metadata's members as parameters of their own, so those are read
 * too. Returns a refusal for anything that is not such a form.
 */
export function readRequestUriPost(form: URLSearchParams): WalletRequestUriPost | WalletRefusal {
  const parseJson = (text: string) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  };
  const nonce = form.get("wallet_nonce");
  if (nonce !== null && (nonce.length === 0 || nonce.length > 200))
    return refuse(400, "invalid_request", "The wallet_nonce must be between 1 and 200 characters.");
  const raw = form.get("wallet_metadata");
  if (raw !== null) {
    const metadata = parseJson(raw);
    if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata))
      return refuse(400, "invalid_request", "The wallet_metadata is not a JSON object.");
    return { walletMetadata: metadata as Record<string, unknown>, walletNonce: nonce };
  }
  const members: Record<string, unknown> = {};
  for (const [key, value] of form) if (key !== "wallet_nonce") members[key] = parseJson(value) ?? value;
  return { walletMetadata: Object.keys(members).length ? members : null, walletNonce: nonce };
}

function wantsEncryptedAnswer(metadata: Record<string, unknown> | null): boolean {
  const modes = metadata?.response_modes_supported;
  return Array.isArray(modes) && modes.includes("direct_post.jwt");
}

/**
 * The signed request object for a wallet that followed the link (GET), or posted its metadata (POST). The first
 * fetch fixes the response mode: `direct_post.jwt`, with a fresh encryption key for this request, when the wallet
 * says it can encrypt, otherwise `direct_post`.
 */
export async function serveRequestObject(
  deps: Pick<WalletDeps, "db" | "now" | "publicUrl" | "identity">,
  id: string,
  posted: WalletRequestUriPost | null,
): Promise<{ status: 200; jwt: string } | WalletRefusal> {
  let row = await getPresentationRequest(deps.db, id);
  if (!row) return refuse(404, "invalid_request_uri", "There is no such request; ask the employer for a new link.");
  const now = deps.now();
  if (row.answeredAt)
    return refuse(410, "invalid_request_uri", "This request has already been answered; a request accepts one answer.");
  if (row.expiresAt < now)
    return refuse(410, "invalid_request_uri", "This request has expired; ask the employer for a new one.");
  if (!row.responseMode) {
    const encrypted = wantsEncryptedAnswer(posted?.walletMetadata ?? null);
    const encryptionKey = encrypted ? await newEncryptionKey() : null;
    // Only the first fetch decides (another instance or a second tap may race): the mode already stored wins.
    await deps.db
      .update(presentationRequests)
      .set({ fetchedAt: now, responseMode: encrypted ? "direct_post.jwt" : "direct_post", encryptionKey })
      .where(and(eq(presentationRequests.id, id), isNull(presentationRequests.responseMode)));
    row = (await getPresentationRequest(deps.db, id)) as PresentationRequest;
  }
  const identity = await deps.identity();
  allowHttpFor(deps.publicUrl);
  const verifier = new Openid4vpVerifier({ callbacks: libraryCallbacks(identity) });
  const created = await verifier.createOpenId4vpAuthorizationRequest({
    authorizationRequestPayload: authorizationRequestFor(
      row,
      identity,
      deps.publicUrl,
      posted?.walletNonce ?? undefined,
    ),
    jar: {
      requestUri: requestUriOf(deps.publicUrl, id),
      jwtSigner: { method: "x5c", x5c: identity.x5c, alg: "ES256" },
      expiresInSeconds: Math.max(1, Math.floor((row.expiresAt.getTime() - now.getTime()) / 1000)),
      // The audience of a request object fetched by reference is the wallet, whoever it is (OpenID4VP 5.8).
      additionalJwtPayload: { aud: "https://self-issued.me/v2" },
    },
    ...(posted?.walletNonce ? { wallet: { expectedNonce: posted.walletNonce } } : {}),
    now,
  });
  if (!created.jar) throw new Error("the request object was not signed");
  return { status: 200, jwt: created.jar.authorizationRequestJwt };
}

async function newEncryptionKey(): Promise<Record<string, unknown>> {
  const { privateKey } = await jose.generateKeyPair("ECDH-ES", { crv: "P-256", extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  return { ...jwk, kid: randomUUID(), use: "enc", alg: "ECDH-ES" };
}

export type WalletAnswer = { status: 200; body: Record<string, unknown> } | WalletRefusal;

interface CheckedPresentation {
  queryId: string;
  presentation: string | Record<string, unknown>;
  report: VerificationReport;
  /** The identifier of the proven holder: the presentation's signer DID, or a did:jwk of the SD-JWT VC's `cnf` key. */
  holder: string;
}

/**
 * The wallet's one answer (form fields of a `direct_post`, or the `response` JWE of a `direct_post.jwt`). A body
 * that is not an answer to this request changes nothing; the first answer that is one uses the request up, and
 * is either verified (its credentials stored) or refused with a sentence, which staff see too.
 */
export async function receiveWalletAnswer(
  deps: WalletDeps,
  id: string,
  form: Record<string, string>,
): Promise<WalletAnswer> {
  const row = await getPresentationRequest(deps.db, id);
  if (!row) return refuse(404, "invalid_request", "There is no such request.");
  if (row.answeredAt)
    return refuse(
      400,
      "invalid_request",
      "This request has already been answered; an answer is accepted once, so this one was not.",
    );
  const now = deps.now();
  if (row.expiresAt < now)
    return refuse(
      400,
      "invalid_request",
      "This request has expired, so its answer is not accepted; ask the employer for a new request.",
    );
  // A request made for an invitation stops with it, as the invitation's link and its VC-API requests do.
  if (row.invitationId) {
    const [invitation] = await deps.db
      .select({ closedAt: invitations.closedAt, expiresAt: invitations.expiresAt })
      .from(invitations)
      .where(eq(invitations.id, row.invitationId));
    if (invitation && (invitation.closedAt || (invitation.expiresAt && invitation.expiresAt <= now)))
      return refuse(
        400,
        "invalid_request",
        "The invitation this request was made for no longer takes submissions, so the answer is not accepted; ask the employer for a new invitation.",
      );
  }
  if (!row.responseMode) return refuse(400, "invalid_request", "The wallet answered a request it never fetched.");

  const identity = await deps.identity();
  allowHttpFor(deps.publicUrl);
  const request = authorizationRequestFor(row, identity, deps.publicUrl);
  const callbacks = libraryCallbacks(identity, (row.encryptionKey as jose.JWK | null) ?? undefined);
  let presentations: Record<string, Array<string | Record<string, unknown>>>;
  try {
    const parsed = await parseOpenid4vpAuthorizationResponse({
      authorizationResponse: form,
      authorizationRequestPayload: request,
      callbacks,
    });
    if (parsed.type !== "dcql")
      return refuse(400, "invalid_request", "The answer uses Presentation Exchange; Attest asked with a DCQL query.");
    presentations = parsed.dcql.presentations;
  } catch (error) {
    return refuse(400, "invalid_request", describeLibraryError(error, row.responseMode));
  }

  // Single use: only one answer may go past this point, however many arrive at once.
  const claimed = await deps.db
    .update(presentationRequests)
    // The decryption key has done its work: it is not kept past the one answer it was made for.
    .set({ answeredAt: now, encryptionKey: null })
    .where(and(eq(presentationRequests.id, id), isNull(presentationRequests.answeredAt)))
    .returning({ id: presentationRequests.id });
  if (claimed.length === 0)
    return refuse(
      400,
      "invalid_request",
      "This request has already been answered; an answer is accepted once, so this one was not.",
    );

  let stored: Awaited<ReturnType<typeof storeAnswer>>;
  try {
    const checked = await checkPresentations(deps, row, identity, presentations);
    if ("refusal" in checked) {
      await deps.db
        .update(presentationRequests)
        .set({ outcome: "refused", refusal: checked.refusal })
        .where(eq(presentationRequests.id, id));
      return refuse(400, "invalid_request", checked.refusal);
    }
    stored = await storeAnswer(deps, row, checked.presentations);
  } catch (error) {
    // A bug or an outage must not leave the request "answered" for ever: staff see it ended, and why.
    const refusal =
      "Attest could not finish checking the answer because of an unexpected error; ask for a new request.";
    await deps.db
      .update(presentationRequests)
      .set({ outcome: "refused", refusal })
      .where(eq(presentationRequests.id, id))
      .catch(() => {});
    throw error;
  }
  await deps.db
    .update(presentationRequests)
    .set({
      outcome: "verified",
      result: stored.lines,
      candidateId: stored.candidateId,
      submissionId: stored.submissionId,
    })
    .where(eq(presentationRequests.id, id));
  deps.onCommitted?.();
  return { status: 200, body: {} };
}

function describeLibraryError(error: unknown, mode: string): string {
  const detail = error instanceof Error ? error.message.split("\n")[0]?.slice(0, 200) : "";
  if (mode === "direct_post.jwt")
    return `The answer could not be read: this request expects it encrypted to Attest's key (direct_post.jwt). ${detail}`.trim();
  return `The answer is not an OpenID4VP response to this request. ${detail}`.trim();
}

const firstFailure = (report: VerificationReport, ids: CheckResult["id"][]) =>
  ids
    .map((id) => report.checks.find((c) => c.id === id))
    .find((c) => c && (c.outcome === "fail" || c.outcome === "indeterminate"));

/** Every presentation checked against the query and by the verifier, or the sentence that refuses the answer. */
async function checkPresentations(
  deps: WalletDeps,
  row: PresentationRequest,
  identity: VerifierIdentity,
  presentations: Record<string, Array<string | Record<string, unknown>>>,
): Promise<{ presentations: CheckedPresentation[] } | { refusal: string }> {
  const query = row.dcqlQuery as unknown as DcqlQueryJson;
  const formats = new Map(query.credentials.map((c) => [c.id, c.format]));
  const unasked = Object.keys(presentations).filter((key) => !formats.has(key));
  if (unasked.length)
    return {
      refusal: `The wallet sent a credential the request did not ask for (${unasked.map((k) => JSON.stringify(k.slice(0, 60))).join(", ")}); nothing was stored.`,
    };

  const checked: CheckedPresentation[] = [];
  const dcqlRecord: Record<string, DcqlPresentation.Output[string]> = {};
  let index = 0;
  for (const [queryId, entries] of Object.entries(presentations)) {
    const format = formats.get(queryId) as string;
    for (const presentation of entries) {
      index++;
      const shapeProblem = checkShape(format, presentation);
      if (shapeProblem) return { refusal: shapeProblem };
      const report = withSkills(
        await deps.verify(presentation, {
          input: `wallet answer, credential ${index}`,
          challenge: row.nonce,
          domain: identity.clientId,
        }),
      );
      const holder = provenHolder(format, presentation, report);
      if (!holder.ok) return { refusal: holder.refusal };
      checked.push({ queryId, presentation, report, holder: holder.did });
    }
    const records = checked.filter((c) => c.queryId === queryId).map((c) => dcqlPresentationOf(format, c));
    dcqlRecord[queryId] = records as unknown as DcqlPresentation.Output[string];
  }
  const holders = new Set(checked.map((c) => c.holder));
  if (holders.size > 1)
    return {
      refusal:
        "The credentials in the answer are held by different keys, so they do not show one person; nothing was stored.",
    };

  let result: DcqlPresentationResult;
  try {
    result = DcqlPresentationResult.fromDcqlPresentation(dcqlRecord as never, {
      dcqlQuery: DcqlQuery.parse(query as DcqlQuery.Input),
    });
  } catch (error) {
    // E.g. several credentials under a query that asked for one.
    return {
      refusal: `The answer does not fit the request's query (${error instanceof Error ? error.message.slice(0, 200) : "unreadable"}); nothing was stored.`,
    };
  }
  const unmatched = Object.entries(result.credential_matches)
    .filter(([, match]) => !match.success)
    .map(([key]) => key);
  if (unmatched.length)
    return {
      refusal: `The wallet sent a credential the request did not ask for (under ${unmatched.map((k) => JSON.stringify(k)).join(", ")}: not the type, issuer or claims asked for); nothing was stored.`,
    };
  if (!result.can_be_satisfied)
    return { refusal: "The answer does not hold the credentials the request asked for; nothing was stored." };
  return { presentations: checked };
}

function checkShape(format: string, presentation: unknown): string | null {
  const isSdJwt = typeof presentation === "string" && presentation.includes("~");
  if (format === "dc+sd-jwt" && !isSdJwt)
    return "The request asked for an SD-JWT VC, and the answer holds something else; nothing was stored.";
  if (format === "jwt_vc_json" && (typeof presentation !== "string" || isSdJwt))
    return "The request asked for a presentation JWT (jwt_vc_json), and the answer holds something else; nothing was stored.";
  if (format === "ldp_vc" && (typeof presentation !== "object" || presentation === null))
    return "The request asked for a presentation with a Data Integrity proof (ldp_vc), and the answer holds something else; nothing was stored.";
  return null;
}

/** The holder proven by this presentation for this request, or the sentence saying why it is not. */
function provenHolder(
  format: string,
  presentation: unknown,
  report: VerificationReport,
): { ok: true; did: string } | { ok: false; refusal: string } {
  if (format === "dc+sd-jwt") {
    const holder = report.checks.find((c) => c.id === "holder");
    if (holder?.outcome === "pass") {
      const jwk = cnfKeyOf(presentation as string);
      if (jwk) return { ok: true, did: didJwkOf(jwk) };
    }
    const failed = firstFailure(report, ["format", "holder"]) ?? holder;
    return {
      ok: false,
      refusal: `${failed?.message ?? "The credential was not presented by its holder."} Nothing was stored.`,
    };
  }
  // A W3C presentation: its own proof, over this request's nonce and audience, proves the holder.
  const proof = report.checks.find((c) => c.id === "proof");
  const signer = proof?.outcome === "pass" ? proof.evidence?.Signer : undefined;
  if (!signer) {
    const failed = firstFailure(report, ["format", "proof"]);
    return {
      ok: false,
      refusal: `${failed?.message ?? "The presentation carries no proof made for this request, so it does not show who sent it."} Nothing was stored.`,
    };
  }
  const holder = report.checks.find((c) => c.id === "holder");
  if (holder?.outcome === "fail") return { ok: false, refusal: `${holder.message} Nothing was stored.` };
  return { ok: true, did: signer };
}

function cnfKeyOf(sdJwt: string): Record<string, unknown> | null {
  try {
    const payload = JSON.parse(Buffer.from(sdJwt.split("~")[0]?.split(".")[1] ?? "", "base64url").toString("utf8")) as {
      cnf?: { jwk?: Record<string, unknown> };
    };
    return payload.cnf?.jwk ?? null;
  } catch {
    return null;
  }
}

/** The holder key as a DID (did:jwk over its public members, in RFC 7638 order) so decision 011's DID rule applies. */
export function didJwkOf(jwk: Record<string, unknown>): string {
  const members =
    jwk.kty === "EC" ? ["crv", "kty", "x", "y"] : jwk.kty === "OKP" ? ["crv", "kty", "x"] : ["e", "kty", "n"];
  const publicJwk = Object.fromEntries(members.filter((m) => jwk[m] !== undefined).map((m) => [m, jwk[m]]));
  return `did:jwk:${Buffer.from(JSON.stringify(publicJwk)).toString("base64url")}`;
}

/** The verified credential as DCQL sees it: its format, types (or vct), and the claims the holder disclosed. */
function dcqlPresentationOf(format: string, checked: CheckedPresentation) {
  if (format === "dc+sd-jwt") {
    const claims = sdJwtClaimsOf(checked.presentation as string);
    return {
      credential_format: "dc+sd-jwt",
      vct: String(claims.vct ?? ""),
      claims,
      cryptographic_holder_binding: true,
    };
  }
  const credentials = checked.report.credentials;
  const first = credentials[0];
  const credential = w3cCredentialOf(checked.presentation);
  return {
    credential_format: format,
    type: expandedTypes(first?.summary?.types ?? []),
    claims: credential ?? {},
    cryptographic_holder_binding: true,
  };
}

/** The SD-JWT VC's disclosed claims, through Attest's own parser (it refuses tampered disclosures). */
function sdJwtClaimsOf(sdJwt: string): Record<string, unknown> {
  const parsed = parseSdJwtVc(sdJwt);
  return parsed.ok ? parsed.parsed.claims : {};
}

/** The (first) credential inside a W3C presentation, as JSON: an object, or a JWT's `vc` claim. */
function w3cCredentialOf(presentation: string | Record<string, unknown>): Record<string, unknown> | null {
  const decodeJwt = (jwt: string) => {
    try {
      const payload = jose.decodeJwt(jwt) as Record<string, unknown>;
      return (payload.vc ?? payload.vp ?? payload) as Record<string, unknown>;
    } catch {
      return null;
    }
  };
  const vp = typeof presentation === "string" ? decodeJwt(presentation) : presentation;
  const member = ([] as unknown[]).concat(vp?.verifiableCredential ?? [])[0];
  if (typeof member === "string") return decodeJwt(member);
  return member && typeof member === "object" ? (member as Record<string, unknown>) : null;
}

/** Stores each credential of a checked answer, as decision 011 places them: the known holder's record, or a pending one. */
async function storeAnswer(deps: WalletDeps, row: PresentationRequest, checked: CheckedPresentation[]) {
  const details: CandidateDetails = { name: row.candidateName, email: row.candidateEmail, consent: true };
  const holder = (checked[0] as CheckedPresentation).holder;
  const submissionId = `sub_${randomUUID()}`;
  const known = await findCandidateByProvenDid(deps.db, row.candidateEmail, holder);
  const target: CandidateTarget = known
    ? { kind: "existing", candidateId: known.id, submissionId }
    : { kind: "pending", candidateId: `cand_${randomUUID()}`, submissionId };
  const outcomes = [];
  let item = 0;
  for (const { presentation, report } of checked) {
    const members =
      typeof presentation === "string" && presentation.includes("~")
        ? [{ raw: presentation, report }]
        : w3cMembers(presentation, report);
    for (const member of members) {
      item++;
      outcomes.push(
        await storeVerifiedCredential(
          deps,
          details,
          { raw: member.raw, source: `wallet, OpenID4VP (item ${item})` },
          member.report,
          { target, holderDid: holder },
        ),
      );
    }
  }
  await recordPublicSubmission(deps, {
    submissionId,
    candidateId: target.candidateId,
    pending: target.kind === "pending",
    invitationId: row.invitationId,
    clientHash: createHash("sha256").update(`openid4vp request ${row.id}`).digest("hex"),
    details,
    outcomes,
  });
  const lines = outcomes.map(toOutcomeLine).map(({ report, ...line }) => ({
    ...line,
    name: report?.summary?.achievementName ?? report?.summary?.types?.[0] ?? null,
    verdict: report?.verdict ?? null,
  }));
  return { lines, candidateId: target.candidateId, submissionId };
}

function w3cMembers(presentation: string | Record<string, unknown>, report: VerificationReport) {
  const vp =
    typeof presentation === "string"
      ? ((jose.decodeJwt(presentation).vp ?? {}) as Record<string, unknown>)
      : presentation;
  const members = ([] as unknown[]).concat(vp.verifiableCredential ?? []);
  return members.flatMap((member, i) => {
    const memberReport = report.credentials[i];
    return memberReport
      ? [{ raw: typeof member === "string" ? member : JSON.stringify(member), report: memberReport }]
      : [];
  });
}
