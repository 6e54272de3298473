/**
 * Open Badges 2.0 hosted assertions. There is no signature: an assertion is genuine when its issuer still
 * serves it from its own `id` URL, on the issuer's own website. Verifying one therefore means re-fetching
 * the assertion, its BadgeClass and the issuer Profile (through an injected fetcher), and trusting the
 * hosted copy over the submitted one. HTTP 410 Gone or `revoked: true` means revoked.
 * Signed assertions (`verification.type: "SignedBadge"`) arrive as a compact JWS instead: see
 * {@link verifySignedOb2Assertion}.
 */
import * as jose from "jose";
import type { CheckResult } from "../report";
import { checkValidity } from "./validity";
import { identityMatchesEmail, type ExpectedHolder } from "./holder.server";
import { asArray, asStrings, idOf, isObject, type JsonObject } from "./util";

export const OB2_CONTEXT = "https://w3id.org/openbadges/v2";

/** Fetches a hosted badge document; the HTTP status matters (410 = revoked), so it is returned, not thrown. */
export type FetchHosted = (url: string) => Promise<{ status: number; json: unknown }>;

export function isOb2Assertion(document: unknown): document is JsonObject {
  if (!isObject(document)) return false;
  const contexts = asStrings(document["@context"]);
  return (
    contexts.includes(OB2_CONTEXT) || (asStrings(document.type).includes("Assertion") && isObject(document.recipient))
  );
}

export interface Ob2Result {
  checks: { format: CheckResult; proof: CheckResult; validity: CheckResult; status: CheckResult; holder: CheckResult };
  /** The authoritative (hosted) assertion, BadgeClass and issuer Profile, as far as they were fetched. */
  assertion: JsonObject;
  badge?: JsonObject;
  issuer?: JsonObject;
}

const check = (id: CheckResult["id"], outcome: CheckResult["outcome"], code: string, message: string): CheckResult => ({
  id,
  outcome,
  code,
  message,
});

function isHttps(url: unknown): url is string {
  if (typeof url !== "string") return false;
  try {
    return new URL(url).protocol === "https:";
  } catch {
    return false;
  }
}

/** Compare the recipient with the expected email: `sha256$` + hex(sha256(email + salt)), or plain. */
export function checkOb2Recipient(assertion: JsonObject, expected: ExpectedHolder | undefined): CheckResult {
  const recipient = isObject(assertion.recipient) ? assertion.recipient : {};
  const identity = typeof recipient.identity === "string" ? recipient.identity : undefined;
  if (!expected?.email || recipient.type !== "email" || !identity) {
    return check(
      "holder",
      "not-applicable",
      "no-holder-binding",
      expected?.email
        ? "The badge does not name its recipient by email, so it cannot be compared with the submitter."
        : "No expected holder was given, so the holder was not compared.",
    );
  }
  const asIdentityObject = {
    hashed: recipient.hashed === true,
    identityHash: identity,
    salt: typeof recipient.salt === "string" ? recipient.salt : "",
  };
  return identityMatchesEmail(asIdentityObject, expected.email)
    ? check(
        "holder",
        "pass",
        "holder-match",
        "The badge was awarded to the email address of the person who submitted it.",
      )
    : check(
        "holder",
        "fail",
        "holder-mismatch",
        "The badge was awarded to a different email address from the submitter's.",
      );
}

/** The issuer's website must host the assertion: same origin as the issuer id, or an origin it allows. */
function hostedByIssuer(assertionUrl: string, issuer: JsonObject): boolean {
  const issuerId = idOf(issuer);
  const assertionOrigin = new URL(assertionUrl);
  const verification = isObject(issuer.verification) ? issuer.verification : {};
  const allowedOrigins = asStrings(verification.allowedOrigins);
  const startsWith = asStrings(verification.startsWith);
  if (startsWith.length > 0) return startsWith.some((prefix) => assertionUrl.startsWith(prefix));
  if (allowedOrigins.length > 0) return allowedOrigins.includes(assertionOrigin.host);
  return isHttps(issuerId) && new URL(issuerId).host === assertionOrigin.host;
}

async function fetchLinked(value: unknown, fetchHosted: FetchHosted): Promise<JsonObject | null> {
  if (isObject(value)) return value;
  if (!isHttps(value)) return null;
  const response = await fetchHosted(value);
  return response.status === 200 && isObject(response.json) ? response.json : null;
}

/** Verify a hosted Open Badges 2.0 assertion. Never throws; unreachable servers give indeterminate checks. */
export async function verifyOb2Assertion(
  submitted: JsonObject,
  options: { fetchHosted?: FetchHosted; now: Date; expectedHolder?: ExpectedHolder },
): Promise<Ob2Result> {
  const notChecked = (id: CheckResult["id"], why: string) => check(id, "indeterminate", "not-checked", why);
  const verification = isObject(submitted.verification) ? submitted.verification : {};
  const verificationType = typeof verification.type === "string" ? verification.type : "hosted";
  const holder = checkOb2Recipient(submitted, options.expectedHolder);
  const incomplete = (format: CheckResult, proof: CheckResult): Ob2Result => ({
    checks: {
      format,
      proof,
      validity: notChecked(
        "validity",
        "The validity period was not checked because the badge could not be confirmed with its issuer.",
      ),
      status: notChecked(
        "status",
        "The revocation status was not checked because the badge could not be confirmed with its issuer.",
      ),
      holder,
    },
    assertion: submitted,
  });

  if (!isHttps(submitted.id) || !isObject(submitted.recipient) || submitted.badge === undefined) {
    return incomplete(
      check(
        "format",
        "fail",
        "invalid-structure",
        "This Open Badges 2.0 assertion is incomplete: it needs an HTTPS id, a recipient and a badge.",
      ),
      notChecked("proof", "The badge was not checked because the assertion is incomplete."),
    );
  }
  const wellFormed = check("format", "pass", "well-formed", "The document is a well-formed Open Badges 2.0 assertion.");
  if (!["hosted", "HostedBadge"].includes(verificationType)) {
    return incomplete(
      wellFormed,
      check(
        "proof",
        "indeterminate",
        "unsupported-suite",
        "The badge is a signed Open Badges 2.0 assertion, which Attest cannot check yet.",
      ),
    );
  }
  const unreachable = (what: string) =>
    incomplete(
      wellFormed,
      check(
        "proof",
        "indeterminate",
        "hosted-unreachable",
        `The issuer's server could not be reached to confirm the ${what}, so the badge could not be checked.`,
      ),
    );
  if (!options.fetchHosted) return unreachable("badge");

  let response: { status: number; json: unknown };
  try {
    response = await options.fetchHosted(submitted.id);
  } catch {
    return unreachable("badge");
  }
  if (response.status === 410) {
    const result = incomplete(
      wellFormed,
      check(
        "proof",
        "not-applicable",
        "hosted-withdrawn",
        "The issuer no longer serves this badge, so its content could not be compared.",
      ),
    );
    result.checks.status = check(
      "status",
      "fail",
      "revoked",
      "The issuer has revoked this badge (its server answers that the badge is gone).",
    );
    return result;
  }
  if (response.status === 404) {
    return incomplete(
      wellFormed,
      check(
        "proof",
        "indeterminate",
        "hosted-not-found",
        "The issuer's server does not know this badge (not found): it may have moved, or it may never have been issued.",
      ),
    );
  }
  if (response.status !== 200 || !isObject(response.json)) return unreachable("badge");
  const hosted = response.json;

  // The hosted copy is authoritative; a submitted copy that disagrees on what it claims was altered.
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (
    hosted.id !== submitted.id ||
    !same(hosted.recipient, submitted.recipient) ||
    idOf(hosted.badge) !== idOf(submitted.badge) ||
    !same(hosted.issuedOn, submitted.issuedOn)
  ) {
    return {
      ...incomplete(
        wellFormed,
        check(
          "proof",
          "fail",
          "hosted-mismatch",
          "The badge differs from the one its issuer serves: it was altered after it was issued.",
        ),
      ),
      assertion: hosted,
    };
  }

  let badge: JsonObject | null;
  let issuer: JsonObject | null = null;
  try {
    badge = await fetchLinked(hosted.badge, options.fetchHosted);
    issuer = badge ? await fetchLinked(badge.issuer, options.fetchHosted) : null;
  } catch {
    badge = null;
  }
  if (!badge || !issuer) return { ...unreachable("badge's issuer"), assertion: hosted, ...(badge ? { badge } : {}) };

  if (!hostedByIssuer(submitted.id, issuer)) {
    return {
      ...incomplete(
        wellFormed,
        check(
          "proof",
          "fail",
          "issuer-origin-mismatch",
          "The badge is hosted on a different website from its issuer's, so it may not come from that issuer.",
        ),
      ),
      assertion: hosted,
      badge,
      issuer,
    };
  }

  const revoked = hosted.revoked === true;
  const reason =
    typeof hosted.revocationReason === "string" && hosted.revocationReason.trim()
      ? ` (reason given: ${hosted.revocationReason.trim()})`
      : "";
  const validity = checkValidity(
    { validFrom: hosted.issuedOn, ...(hosted.expires !== undefined ? { validUntil: hosted.expires } : {}) },
    options.now,
  );
  return {
    checks: {
      format: wellFormed,
      proof: check(
        "proof",
        "pass",
        "hosted-verified",
        "The issuer's own website still serves this badge exactly as submitted (Open Badges 2.0 hosted verification).",
      ),
      validity,
      status: revoked
        ? check("status", "fail", "revoked", `The issuer has revoked this badge${reason}.`)
        : check("status", "pass", "not-revoked", "The issuer's server shows the badge as not revoked."),
      holder: checkOb2Recipient(hosted, options.expectedHolder),
    },
    assertion: hosted,
    badge,
    issuer,
  };
}

/** The assertion inside a compact JWS, when it is a signed Open Badges 2.0 assertion; null otherwise. */
export function signedOb2Payload(jws: string): JsonObject | null {
  const [rawHeader = "", rawPayload = ""] = jws.trim().split(".");
  try {
    const header: unknown = JSON.parse(Buffer.from(rawHeader, "base64url").toString("utf8"));
    const payload: unknown = JSON.parse(Buffer.from(rawPayload, "base64url").toString("utf8"));
    return isObject(header) && isOb2Assertion(payload) ? payload : null;
  } catch {
    return null;
  }
}

/** Algorithms Open Badges 2.0 signers use (RS256 is the one the specification names). */
const OB2_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"];

/**
 * A signed Open Badges 2.0 assertion (a compact JWS over the assertion). Its `verification.creator` names the
 * issuer's CryptographicKey (`publicKeyPem`); the key's `owner` must be the issuer Profile of the assertion's
 * BadgeClass, and that Profile must list the key under `publicKey`. Revocation comes from the Profile's
 * `revocationList`. Keys, BadgeClass, Profile and list are fetched through the injected fetcher (or pinned).
 */
export async function verifySignedOb2Assertion(
  jws: string,
  options: { fetchHosted?: FetchHosted; now: Date; expectedHolder?: ExpectedHolder },
): Promise<Ob2Result> {
  const assertion = signedOb2Payload(jws) ?? {};
  const header = JSON.parse(Buffer.from(jws.split(".")[0] as string, "base64url").toString("utf8")) as JsonObject;
  const notChecked = (id: CheckResult["id"], why: string) => check(id, "indeterminate", "not-checked", why);
  const holder = checkOb2Recipient(assertion, options.expectedHolder);
  const result = (format: CheckResult, proof: CheckResult, extra: Partial<Ob2Result> = {}): Ob2Result => ({
    checks: {
      format,
      proof,
      validity: notChecked(
        "validity",
        "The validity period was not checked because the badge's signature could not be confirmed.",
      ),
      status: notChecked(
        "status",
        "The revocation status was not checked because the badge's signature could not be confirmed.",
      ),
      holder,
    },
    assertion,
    ...extra,
  });
  const verification = isObject(assertion.verification) ? assertion.verification : {};
  const creator = verification.creator;
  if (typeof assertion.id !== "string" || assertion.id === "") {
    return result(
      check("format", "fail", "invalid-structure", "This signed Open Badges 2.0 assertion has no id."),
      notChecked("proof", "The badge was not checked because the assertion is incomplete."),
    );
  }
  if (
    verification.type !== "SignedBadge" ||
    !isHttps(creator) ||
    !isObject(assertion.recipient) ||
    assertion.badge === undefined
  ) {
    return result(
      check(
        "format",
        "fail",
        "invalid-structure",
        "This signed Open Badges 2.0 assertion is incomplete: it needs a recipient, a badge and a SignedBadge verification naming its key.",
      ),
      notChecked("proof", "The badge was not checked because the assertion is incomplete."),
    );
  }
  const wellFormed = check(
    "format",
    "pass",
    "well-formed",
    "The document is a well-formed, signed Open Badges 2.0 assertion.",
  );
  const alg = typeof header.alg === "string" ? header.alg : "none";
  if (!OB2_ALGORITHMS.includes(alg))
    return result(
      wellFormed,
      check(
        "proof",
        "indeterminate",
        "unsupported-suite",
        `The badge is signed with ${alg.slice(0, 20)}, which Attest does not check.`,
      ),
    );
  const unreachable = (what: string) =>
    result(
      wellFormed,
      check(
        "proof",
        "indeterminate",
        "key-unresolvable",
        `The issuer's ${what} could not be fetched, so the badge's signature could not be checked.`,
      ),
    );
  if (!options.fetchHosted) return unreachable("key");

  let key: JsonObject | null;
  let badge: JsonObject | null = null;
  let issuer: JsonObject | null = null;
  try {
    key = await fetchLinked(creator, options.fetchHosted);
    badge = await fetchLinked(assertion.badge, options.fetchHosted);
    issuer = badge ? await fetchLinked(badge.issuer, options.fetchHosted) : null;
  } catch {
    key = null;
  }
  if (!key || typeof key.publicKeyPem !== "string") return unreachable("key");
  if (!badge || !issuer) return { ...unreachable("badge or profile"), ...(badge ? { badge } : {}) };
  const found = { badge, issuer };
  const listsKey = asArray(issuer.publicKey).some((entry) => idOf(entry) === creator || entry === creator);
  if (idOf(key.owner) !== idOf(issuer) || !listsKey) {
    return result(
      wellFormed,
      check(
        "proof",
        "fail",
        "issuer-key-mismatch",
        "The badge was signed with a key that its issuer's profile does not list as its own.",
      ),
      found,
    );
  }
  try {
    await jose.compactVerify(jws.trim(), await jose.importSPKI(key.publicKeyPem, alg), { algorithms: [alg] });
  } catch (error) {
    const code = error instanceof jose.errors.JWSSignatureVerificationFailed ? "signature-mismatch" : "invalid-proof";
    const message =
      code === "signature-mismatch"
        ? "The badge's signature does not match its content: it was altered after it was signed, or signed by someone else."
        : "The badge's signature or its issuer's key is damaged, so it cannot be genuine as presented.";
    return result(wellFormed, check("proof", "fail", code, message), found);
  }
  const proof = check(
    "proof",
    "pass",
    "signature-valid",
    "The badge was signed by its issuer's key (Open Badges 2.0 signed verification).",
  );
  const validity = checkValidity(
    { validFrom: assertion.issuedOn, ...(assertion.expires !== undefined ? { validUntil: assertion.expires } : {}) },
    options.now,
  );
  return {
    checks: {
      format: wellFormed,
      proof,
      validity,
      status: await revocationOf(assertion, issuer, options.fetchHosted),
      holder,
    },
    assertion,
    ...found,
  };
}

/** The issuer Profile's revocation list: does it name this assertion? */
async function revocationOf(assertion: JsonObject, issuer: JsonObject, fetchHosted: FetchHosted): Promise<CheckResult> {
  if (!isHttps(issuer.revocationList))
    return check("status", "not-applicable", "no-status", "The issuer publishes no revocation list for its badges.");
  let list: JsonObject | null;
  try {
    list = await fetchLinked(issuer.revocationList, fetchHosted);
  } catch {
    list = null;
  }
  if (!list)
    return check(
      "status",
      "indeterminate",
      "status-unreachable",
      "The issuer's revocation list could not be fetched, so the revocation status could not be checked.",
    );
  const entry = asArray(list.revokedAssertions).find((item) => item === assertion.id || idOf(item) === assertion.id);
  if (entry === undefined)
    return check("status", "pass", "not-revoked", "The issuer's revocation list does not name this badge.");
  const reason =
    isObject(entry) && typeof entry.revocationReason === "string" && entry.revocationReason.trim()
      ? ` (reason given: ${entry.revocationReason.trim()})`
      : "";
  return check("status", "fail", "revoked", `The issuer has revoked this badge${reason}.`);
}
