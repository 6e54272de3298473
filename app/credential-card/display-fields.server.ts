/**
 * What a credential says about itself, for the card a person reads: the achievement's name, description and
 * criteria, and where its image is. Taken from the stored text exactly as submitted (JSON, a VC-JWT or an SD-JWT
 * VC), never from the network, and never trusted: every value is checked for its type and shortened.
 * Server-only because decoding an SD-JWT's disclosures uses node:crypto.
 */
import { isCompactJws, parseVcJwt } from "#app/verification/checks/jwt.server";
import { isSdJwt, parseSdJwtVc } from "#app/verification/checks/sd-jwt-vc.server";
import { asArray, asStrings, idOf, isObject, textOf, type JsonObject } from "#app/verification/checks/util";

/** Where a credential's image is: inside it (a data: URL) or at a URL of the issuer's (or anyone's) choosing. */
export type ImageReference = { kind: "embedded"; dataUrl: string } | { kind: "remote"; url: string };

export interface CredentialDisplay {
  /** "Open Badge 3.0", "Comprehensive Learner Record", …: what kind of credential this is, in words. */
  kind: string;
  name: string | null;
  description: string | null;
  /** The criteria narrative, or null when the credential has none (or only a link to one). */
  criteria: string | null;
  /** An http(s) page describing the criteria, when the credential links one instead of (or beside) a narrative. */
  criteriaUrl: string | null;
  issuerName: string | null;
  image: ImageReference | null;
}

/** Longer texts are cut: a credential is hostile input, and a card is not the place for a novel. */
const MAX_TEXT = 2_000;
/** A data: URL longer than this (about 512 KB decoded) is not an image we show; see image-bytes.ts. */
const MAX_DATA_URL = 700_000;

const EMPTY: CredentialDisplay = {
  kind: "Credential",
  name: null,
  description: null,
  criteria: null,
  criteriaUrl: null,
  issuerName: null,
  image: null,
};

/** The display fields of a stored credential's text; fields it does not have are null. Never throws. */
export function extractDisplayFields(rawText: string): CredentialDisplay {
  const text = rawText.trim();
  if (text.startsWith("{")) {
    try {
      const document: unknown = JSON.parse(text);
      return isObject(document) ? fromDocument(document) : EMPTY;
    } catch {
      return EMPTY;
    }
  }
  if (isSdJwt(text)) {
    const parsed = parseSdJwtVc(text);
    return parsed.ok ? fromSdJwtClaims(parsed.parsed.claims) : EMPTY;
  }
  if (isCompactJws(text)) {
    const parsed = parseVcJwt(text);
    return parsed.ok ? fromDocument(parsed.parsed.credential) : EMPTY;
  }
  return EMPTY;
}

/** A JSON credential: Open Badges 3.0, CLR 2.0, an Open Badges 2.0 assertion, or any other VC. */
export function fromDocument(document: JsonObject): CredentialDisplay {
  const types = asStrings(document.type);
  if (types.includes("Assertion") || isObject(document.badge) || typeof document.badge === "string")
    return fromOb2Assertion(document);
  const subject = asArray(document.credentialSubject).find(isObject);
  const achievement = subject ? asArray(subject.achievement).find(isObject) : undefined;
  const isClr = types.includes("ClrCredential");
  const kind = isClr
    ? "Comprehensive Learner Record"
    : types.includes("OpenBadgeCredential") || types.includes("AchievementCredential")
      ? "Open Badge 3.0"
      : "Verifiable credential";
  // A CLR describes itself (name, description, image); the achievements are its members'. An Open Badge's
  // achievement says what was achieved, and the credential's own fields are a fallback.
  const primary = isClr ? document : (achievement ?? document);
  const criteria = isObject(primary.criteria) ? primary.criteria : undefined;
  return {
    kind,
    name: short(textOf(primary.name) ?? textOf(document.name)),
    description: short(textOf(primary.description) ?? textOf(document.description)),
    criteria: short(criteria ? textOf(criteria.narrative) : undefined),
    criteriaUrl: httpUrl(criteria ? idOf(criteria) : undefined),
    issuerName: short(isObject(document.issuer) ? textOf(document.issuer.name) : undefined),
    image: imageOf(primary.image) ?? imageOf(document.image),
  };
}

/** Open Badges 2.0: the badge class holds name, description, criteria and image (when it is embedded). */
function fromOb2Assertion(assertion: JsonObject): CredentialDisplay {
  const badge = isObject(assertion.badge) ? assertion.badge : {};
  const criteria = badge.criteria;
  return {
    kind: "Open Badge 2.0",
    name: short(textOf(badge.name)),
    description: short(textOf(badge.description)),
    criteria: short(isObject(criteria) ? textOf(criteria.narrative) : undefined),
    criteriaUrl: httpUrl(typeof criteria === "string" ? criteria : idOf(criteria)),
    issuerName: short(isObject(badge.issuer) ? textOf(badge.issuer.name) : undefined),
    // The assertion's own image is the badge as awarded (often baked); the badge class's is the design.
    image: imageOf(assertion.image) ?? imageOf(badge.image),
  };
}

/** SD-JWT VC: no fixed vocabulary, so the common claim names, and an Open Badges-style achievement if disclosed. */
function fromSdJwtClaims(claims: JsonObject): CredentialDisplay {
  const achievement = asArray(claims.achievement).find(isObject);
  const source = achievement ?? claims;
  const criteria = isObject(source.criteria) ? source.criteria : undefined;
  return {
    kind: "SD-JWT credential",
    name: short(textOf(source.name) ?? textOf(claims.name)),
    description: short(textOf(source.description) ?? textOf(claims.description)),
    criteria: short(criteria ? textOf(criteria.narrative) : undefined),
    criteriaUrl: httpUrl(criteria ? idOf(criteria) : undefined),
    issuerName: short(isObject(claims.issuer) ? textOf(claims.issuer.name) : undefined),
    image: imageOf(source.image) ?? imageOf(claims.image),
  };
}

/** An image value: a URL string, or an object whose `id` is one (OB3 `Image`, OB2 `ImageObject`). */
function imageOf(value: unknown): ImageReference | null {
  const url = idOf(asArray(value)[0]);
  if (!url) return null;
  if (/^data:/i.test(url)) return url.length <= MAX_DATA_URL ? { kind: "embedded", dataUrl: url } : null;
  const remote = httpUrl(url);
  return remote ? { kind: "remote", url: remote } : null;
}

function httpUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

function short(value: string | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  return trimmed.length > MAX_TEXT ? `${trimmed.slice(0, MAX_TEXT - 1)}…` : trimmed;
}
