/**
 * What resolving a submission yields: one value per document found, each either something to verify or a
 * reason it could not be found. Failures are values, so one bad entry never hides the others.
 */
import type { FetchRefusalCode } from "#app/ingest/safe-fetch.server";
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from "#app/ingest/json-depth";
import { isCompactJwt, isSdJwtText } from "./jwt";
import { itemsFromLerRs, lerRsKind } from "./ler-rs";

export type ResolveErrorCode =
  | FetchRefusalCode
  | "empty"
  | "not-json"
  | "unrecognised-text"
  | "not-an-object"
  | "no-credential"
  | "too-many-items"
  | "unsupported-format"
  | "link-expired"
  | "nested-link"
  | "damaged-image"
  | "invalid-resume";

/** The presentation a credential arrived in, kept so the holder's proof (challenge, domain) can be checked. */
export interface PresentationContext {
  document: unknown;
  raw: string;
}

export interface ResolvedDocument {
  ok: true;
  /**
   * "unknown" is JSON that names no type we recognise: passed on rather than refused here, so that the
   * verifier's sentence about why it is not a credential is the only one. "ler-rs" is an HR Open résumé, bare or
   * wrapped in a credential: its skills are recorded as claimed (./ler-rs.ts).
   */
  kind: "credential" | "ob2-assertion" | "ler-rs" | "unknown";
  document: unknown;
  /** Where it came from, as the candidate will recognise it ("paste", the link they gave, "… (item 2 of 3)"). */
  source: string;
  /** The exact text of this document, for storage and duplicate detection. */
  raw: string;
  presentation?: PresentationContext;
}

export interface ResolvedJwt {
  ok: true;
  kind: "jwt";
  jwt: string;
  source: string;
  raw: string;
  presentation?: PresentationContext;
}

export interface ResolveFailure {
  ok: false;
  source: string;
  code: ResolveErrorCode;
  /** A sentence the candidate can read. */
  reason: string;
}

export type ResolvedItem = ResolvedDocument | ResolvedJwt | ResolveFailure;

/** No genuine submission holds more; the cap keeps one paste from queueing thousands of verifications. */
export const MAX_ITEMS = 50;

export function failure(source: string, code: ResolveErrorCode, reason: string): ResolveFailure {
  return { ok: false, source, code, reason };
}

/**
 * Turns text (pasted, uploaded or fetched) into items: JSON (a credential, a presentation, an array of them)
 * or a compact JWT.
 */
export function itemsFromText(text: string, source: string): ResolvedItem[] {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed === "") return [failure(source, "empty", "There is nothing to read: the text is empty.")];
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    if (jsonNestsDeeperThan(trimmed)) {
      return [
        failure(
          source,
          "not-json",
          `This JSON is nested more than ${MAX_JSON_DEPTH} levels deep; no credential is, so Attest did not read it.`,
        ),
      ];
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      return [
        failure(
          source,
          "not-json",
          `This looks like JSON but is not valid JSON (${(error as Error).message.slice(0, 120)}).`,
        ),
      ];
    }
    return labelItems(itemsFromJson(parsed, trimmed, source), source);
  }
  // A JWT-secured credential, or an SD-JWT VC (the verifier tells them apart).
  if (isCompactJwt(trimmed) || isSdJwtText(trimmed))
    return [{ ok: true, kind: "jwt", jwt: trimmed, source, raw: trimmed }];
  if (/^https?:\/\//i.test(trimmed)) {
    return [failure(source, "unrecognised-text", "This is a link, not a credential: submit it as a link instead.")];
  }
  return [
    failure(source, "unrecognised-text", "This is neither a credential in JSON nor a JWT, so Attest cannot read it."),
  ];
}

/** `raw` is the text `value` was parsed from, kept verbatim when the value is submitted as a whole. */
export function itemsFromJson(value: unknown, raw: string, source: string): ResolvedItem[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [failure(source, "no-credential", "The list is empty: it holds no credentials.")];
    return capItems(
      value.flatMap((entry) => itemsFromEntry(entry, JSON.stringify(entry), source)),
      source,
    );
  }
  if (isVerifierPlusRecord(value)) return capItems(itemsFromVerifierPlusRecord(value, source), source);
  if (isObject(value)) return capItems(itemsFromEntry(value, raw, source), source);
  return [failure(source, "not-an-object", "This JSON is not a credential: a credential is a JSON object.")];
}

/**
 * A VerifierPlus public-link record, `{ vp, id, controller, credential, shared }`. The presentation is preferred
 * (it holds every credential and the holder's proof); `credential`, which VerifierPlus extracts from it (an object
 * or an array, depending on the version), adds only what the presentation lacks.
 */
function itemsFromVerifierPlusRecord(record: Record<string, unknown>, source: string): ResolvedItem[] {
  if (record.shared === false) {
    return [failure(source, "link-expired", "This link is no longer shared; create a new public link in your wallet.")];
  }
  const items = isPresentation(record.vp) ? itemsFromPresentation(record.vp, JSON.stringify(record.vp), source) : [];
  const seen = new Set(items.flatMap((item) => (item.ok ? [item.raw] : [])));
  for (const credential of toArray(record.credential)) {
    const raw = typeof credential === "string" ? credential : JSON.stringify(credential);
    if (!seen.has(raw)) items.push(...itemsFromEntry(credential, raw, source));
  }
  return items.length ? items : [failure(source, "no-credential", "This VerifierPlus link holds no credential.")];
}

function itemsFromEntry(entry: unknown, raw: string, source: string): ResolvedItem[] {
  if (typeof entry === "string") {
    return isCompactJwt(entry) || isSdJwtText(entry)
      ? [{ ok: true, kind: "jwt", jwt: entry, source, raw: entry }]
      : [failure(source, "unrecognised-text", "An entry is text but not a JWT, so Attest cannot read it.")];
  }
  if (!isObject(entry)) {
    return [failure(source, "not-an-object", "An entry is not a credential: a credential is a JSON object.")];
  }
  if (isPresentation(entry)) return itemsFromPresentation(entry, raw, source);
  if (lerRsKind(entry)) return itemsFromLerRs(entry, raw, source, itemsFromEntry);
  return [itemFromObject(entry, raw, source)];
}

/** Each credential inside, with the presentation attached; the presentation itself is not an item to store. */
function itemsFromPresentation(presentation: Record<string, unknown>, raw: string, source: string): ResolvedItem[] {
  const credentials = toArray(presentation.verifiableCredential);
  if (credentials.length === 0) {
    return [failure(source, "no-credential", "The presentation holds no credentials.")];
  }
  const context: PresentationContext = { document: presentation, raw };
  return credentials.map((credential): ResolvedItem => {
    const item =
      typeof credential === "string"
        ? itemsFromEntry(credential, credential, source)[0]
        : isObject(credential) && !isPresentation(credential)
          ? itemFromObject(credential, JSON.stringify(credential), source)
          : failure(source, "not-an-object", "An entry in the presentation is not a credential.");
    return item.ok ? { ...item, presentation: context } : item;
  });
}

function itemFromObject(value: Record<string, unknown>, raw: string, source: string): ResolvedItem {
  const types = toArray(value.type);
  if (types.includes("EnvelopedVerifiableCredential") || types.includes("EnvelopedVerifiablePresentation")) {
    return itemFromEnvelope(value, source);
  }
  const kind = types.includes("VerifiableCredential")
    ? "credential"
    : types.includes("Assertion")
      ? "ob2-assertion"
      : "unknown";
  return { ok: true, kind, document: value, source, raw };
}

/** VC 2.0's JOSE form: `id` is `data:application/vc+jwt,<jws>`. The JWT inside is what carries the proof. */
function itemFromEnvelope(value: Record<string, unknown>, source: string): ResolvedItem {
  const match =
    typeof value.id === "string" ? /^data:application\/(v[cp]\+jwt|[^,;]+)(?:;[^,]*)?,(.*)$/s.exec(value.id) : null;
  if (match && (match[1] === "vc+jwt" || match[1] === "vp+jwt") && isCompactJwt(match[2])) {
    return { ok: true, kind: "jwt", jwt: match[2], source, raw: match[2] };
  }
  const format = match ? `application/${match[1]}`.slice(0, 60) : "an unreadable envelope";
  return failure(source, "unsupported-format", `This credential is in a format Attest cannot check yet (${format}).`);
}

function capItems(items: ResolvedItem[], source: string): ResolvedItem[] {
  if (items.length <= MAX_ITEMS) return items;
  return [
    ...items.slice(0, MAX_ITEMS),
    failure(source, "too-many-items", `Only the first ${MAX_ITEMS} credentials were read; submit the rest separately.`),
  ];
}

/**
 * When one source yields several items, number them so the receipt can tell them apart. An item that already
 * says where it sits (a credential inside a résumé) keeps its own words.
 */
export function labelItems(items: ResolvedItem[], source: string): ResolvedItem[] {
  if (items.length < 2) return items;
  return items.map((item, i) =>
    item.source === source ? { ...item, source: `${source} (item ${i + 1} of ${items.length})` } : item,
  );
}

function isVerifierPlusRecord(value: unknown): value is Record<string, unknown> {
  return isObject(value) && !("@context" in value) && ("vp" in value || "credential" in value) && "shared" in value;
}

function isPresentation(value: unknown): value is Record<string, unknown> {
  return isObject(value) && toArray(value.type).includes("VerifiablePresentation");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function toArray(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}
