import type { CheckResult } from "../report";
import { asArray, asStrings, idOf, isObject, parseDateTime, type JsonObject } from "./util";

export const VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1";
export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";

export type FormatResult =
  { ok: true; credential: JsonObject; version: 1 | 2; check: CheckResult } | { ok: false; check: CheckResult };

function fail(code: string, message: string): FormatResult {
  return { ok: false, check: { id: "format", outcome: "fail", code, message } };
}

const MAX_CONTEXTS = 20;
const MAX_CONTEXT_CHARS = 20_000;

/**
 * What is wrong with a credential's or a presentation's list of `@context` entries before JSON-LD sees it,
 * or null when nothing is. Real documents list two to five contexts; JSON-LD re-processes every entry (the
 * VC contexts are @protected, so each repeat is compared term by term), which made 10,000 contexts cost 44 s
 * for a credential and about a minute for a presentation (found by the malformed stress scenario). Both VC
 * data models also require every entry after the first to be a URL or an object: a `null` would erase the
 * protected VC vocabulary (JSON-LD refuses that, so such a document could never be verified), and an array
 * or a number is not a context at all.
 */
export function checkContextEntries(contexts: unknown[], noun: "credential" | "presentation"): CheckResult | null {
  const fail = (message: string): CheckResult => ({ id: "format", outcome: "fail", code: "invalid-context", message });
  if (contexts.length > MAX_CONTEXTS || JSON.stringify(contexts).length > MAX_CONTEXT_CHARS) {
    return fail(
      `The ${noun}'s @context is far larger than any real ${noun}'s (more than ${MAX_CONTEXTS} entries or ${MAX_CONTEXT_CHARS / 1000} kB), so Attest did not process it.`,
    );
  }
  if (contexts.some((context) => context === null)) {
    return fail(
      `The ${noun}'s @context contains an empty (null) entry, which would erase the vocabulary that defines its fields, so it cannot be checked.`,
    );
  }
  if (!contexts.every((context) => typeof context === "string" || isObject(context))) {
    return fail(
      `The ${noun}'s @context contains an entry that is neither a URL nor an object, so its fields have no defined meaning and it cannot be checked.`,
    );
  }
  return null;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Text a signature cannot vouch for, refused before anything else reads the document, or null when there is none:
 * - a lone surrogate (JSON allows `"\ud800"`): UTF-8 encoding turns it into U+FFFD, so a signed string and the same
 *   string with U+FFFD (or another lone surrogate) in its place hash alike, and one could be swapped for the other;
 * - an own member named `__proto__` (JSON.parse creates one): JSON-LD never reads it, so whatever it holds rides
 *   along unsigned inside a document that verifies.
 * Keys are checked as well as values. Iterative, so no document can overflow the stack here.
 */
export function checkSignableText(document: unknown, noun: "credential" | "presentation"): CheckResult | null {
  const stack: unknown[] = [document];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (LONE_SURROGATE.test(value)) return unsignableText(noun);
    } else if (Array.isArray(value)) {
      stack.push(...value);
    } else if (value !== null && typeof value === "object") {
      for (const key of Object.keys(value)) {
        if (key === "__proto__") {
          return {
            id: "format",
            outcome: "fail",
            code: "unsigned-member",
            message: `The ${noun} contains a member named "__proto__", which is never part of what a signature covers, so Attest does not accept it.`,
          };
        }
        if (LONE_SURROGATE.test(key)) return unsignableText(noun);
        stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return null;
}

function unsignableText(noun: "credential" | "presentation"): CheckResult {
  return {
    id: "format",
    outcome: "fail",
    code: "invalid-text",
    message: `The ${noun} contains text that is not valid Unicode (a lone surrogate), which a signature cannot cover exactly, so it cannot be checked.`,
  };
}

/** Fields whose every entry must be an object with a `type` (VC data model 2.0, sections 4.10–4.12 and 5.4–5.6). */
const TYPED_FIELDS = ["credentialSchema", "refreshService", "termsOfUse", "evidence"] as const;

function checkTypedFields(document: JsonObject): { code: string; message: string } | null {
  for (const field of TYPED_FIELDS) {
    if (document[field] === undefined) continue;
    const entries = asArray(document[field]);
    if (!entries.every((entry) => isObject(entry) && asStrings(entry.type).length > 0)) {
      return {
        code: "invalid-field",
        message: `The credential's ${field} is malformed: every entry must be an object with a type, as the VC data model requires.`,
      };
    }
  }
  return null;
}

const DIGEST_SRI = /^sha(256|384|512)-[A-Za-z0-9+/]+={0,2}$/;
const DIGEST_MULTIBASE = /^[uzmMbB][A-Za-z0-9_+/=-]+$/;

/**
 * `relatedResource` (VC data model 2.0, section 5.3): each entry names a resource by URL and fixes its content by a
 * digest (SRI or multibase), and ids are unique. A malformed entry is refused: a verifier that ignored it would let
 * an issuer's integrity promise about its contexts or images go unchecked. Attest does not fetch the resources, so
 * a well-formed digest is not compared with the resource's bytes.
 */
function checkRelatedResources(value: unknown): { code: string; message: string } | null {
  if (value === undefined) return null;
  const fail = (why: string) => ({
    code: "invalid-related-resource",
    message: `The credential's relatedResource is malformed: ${why}.`,
  });
  const entries = asArray(value);
  const ids = new Set<string>();
  for (const entry of entries) {
    if (!isObject(entry) || typeof entry.id !== "string" || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(entry.id))
      return fail("every entry must name its resource by a URL in id");
    if (ids.has(entry.id)) return fail(`${entry.id} is listed twice`);
    ids.add(entry.id);
    const sri = entry.digestSRI;
    const multibase = entry.digestMultibase;
    if (sri === undefined && multibase === undefined)
      return fail(`${entry.id} has neither digestSRI nor digestMultibase`);
    if (sri !== undefined && !(typeof sri === "string" && DIGEST_SRI.test(sri)))
      return fail(`the digestSRI of ${entry.id} is not a valid integrity digest`);
    if (multibase !== undefined && !(typeof multibase === "string" && DIGEST_MULTIBASE.test(multibase)))
      return fail(`the digestMultibase of ${entry.id} is not a valid multibase digest`);
  }
  return null;
}

/**
 * Real credentials list tens of alignments, results or member credentials. JSON-LD processing grows faster than
 * the length of one list (1,000 alignments took 0.7 s to verify, 9,000 took 5.4 s, still under the 1 MB cap),
 * so a longer list is refused before JSON-LD sees it.
 */
export const MAX_LIST_ITEMS = 200;

/** The first list in the document longer than MAX_LIST_ITEMS, with where it is (depth is capped upstream). */
function findOversizedList(value: unknown, path: string): { path: string; length: number } | null {
  if (Array.isArray(value)) {
    if (value.length > MAX_LIST_ITEMS) return { path, length: value.length };
    for (const [i, item] of value.entries()) {
      const found = findOversizedList(item, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = findOversizedList(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Structural check of a would-be verifiable credential: the shape the VC data models require, before any
 * JSON-LD processing. JSON-LD-level problems (undefined terms, unknown contexts) surface later, from the
 * proof check, because they need the contexts expanded. `securedExternally` is for VC-JWT payloads.
 */
export function checkFormat(document: unknown, options: { securedExternally?: boolean } = {}): FormatResult {
  if (typeof document === "string") {
    return fail("not-an-object", "This is plain text, not a credential: a credential is a JSON object.");
  }
  if (Array.isArray(document)) {
    return fail("not-an-object", "This is a list, not a single credential: a credential is a JSON object.");
  }
  if (!isObject(document)) {
    return fail("not-an-object", "This is not a credential: a credential is a JSON object.");
  }

  const contexts = asArray(document["@context"]);
  if (contexts.length === 0) {
    return fail("no-context", "This is not a verifiable credential: it has no JSON-LD @context.");
  }
  const version = contexts[0] === VC_V2_CONTEXT ? 2 : contexts[0] === VC_V1_CONTEXT ? 1 : null;
  if (version === null) {
    return fail(
      "unknown-context",
      "This is not a W3C verifiable credential: its first @context is not the Verifiable Credentials v1 or v2 context.",
    );
  }
  const badContext = checkContextEntries(contexts, "credential");
  if (badContext) return { ok: false, check: badContext };
  const badText = checkSignableText(document, "credential");
  if (badText) return { ok: false, check: badText };
  const longList = findOversizedList(document, "");
  if (longList) {
    return fail(
      "too-many-items",
      `The credential holds a list of ${longList.length} entries (${longList.path || "at its top"}); real credentials hold tens, at most ${MAX_LIST_ITEMS}, so Attest did not process it.`,
    );
  }

  const types = asStrings(document.type);
  if (types.includes("VerifiablePresentation")) {
    return fail(
      "not-a-credential",
      "This is a verifiable presentation (a wrapper around credentials), not a single credential.",
    );
  }
  if (!types.includes("VerifiableCredential")) {
    return fail(
      "not-a-credential",
      'This is not a verifiable credential: its type does not include "VerifiableCredential".',
    );
  }

  if (!idOf(document.issuer)) {
    return fail("missing-issuer", "The credential does not say who issued it.");
  }
  const subjects = asArray(document.credentialSubject);
  if (subjects.length === 0 || !subjects.every((s) => isObject(s) && Object.keys(s).length > 0)) {
    return fail("missing-subject", "The credential does not say whom or what it is about (no credential subject).");
  }

  if (version === 1 && document.issuanceDate === undefined) {
    return fail("missing-issuance-date", "The credential has no issuance date, which version 1.1 credentials require.");
  }
  for (const field of ["issuanceDate", "expirationDate", "validFrom", "validUntil"] as const) {
    if (document[field] !== undefined && !parseDateTime(document[field])) {
      return fail("invalid-date", `The credential's ${field} is not a valid date and time.`);
    }
  }

  const badField = checkTypedFields(document) ?? checkRelatedResources(document.relatedResource);
  if (badField) return fail(badField.code, badField.message);

  const proofs = asArray(document.proof);
  // A JWT secures the credential from outside: an embedded proof is neither needed nor expected.
  if (proofs.length === 0 && !options.securedExternally) {
    return fail("no-proof", "The credential carries no digital signature, so nothing in it can be verified.");
  }
  if (!proofs.every((p) => isObject(p) && typeof p.type === "string")) {
    return fail("invalid-proof", "The credential's signature block is malformed.");
  }

  return {
    ok: true,
    credential: document,
    version,
    check: {
      id: "format",
      outcome: "pass",
      code: "well-formed",
      message: "The document is a well-formed verifiable credential.",
    },
  };
}
