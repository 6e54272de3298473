/**
 * Baked badges: Open Badges data embedded in a PNG or SVG image (credentials.md §5).
 *
 * - PNG: a text chunk (`iTXt`, as the specs say, or `tEXt` / `zTXt`, which older bakers wrote) whose keyword is
 *   `openbadgecredential` (Open Badges 3.0: a JSON credential or a compact JWT) or `openbadges` (Open Badges 2.0:
 *   a JSON assertion, a signed assertion as a JWS, or the URL of a hosted assertion).
 * - SVG: an `<openbadges:credential>` (3.0) or `<openbadges:assertion>` (2.0) element whose text (usually CDATA)
 *   holds the same, or whose `verify` attribute holds the hosted assertion's URL (or, for 2.0 signed badges,
 *   the JWS).
 *
 * The embedded text goes through `itemsFromText`, so JSON and JWT handling is identical to a paste.
 *
 * Server-only in practice: it uses node:zlib to inflate compressed PNG text chunks.
 */
import * as zlib from "node:zlib";
import { itemsFromText, type ResolveErrorCode, type ResolvedItem, type ResolveFailure } from "./resolved-item";

/**
 * Codes this module needs that `ResolveErrorCode` does not have yet. "damaged-image": the image's structure is
 * broken (truncated PNG, lying chunk length, malformed XML, undecompressable or corrupt badge data).
 */
export type BakedImageErrorCode = "damaged-image";

/** A `ResolveFailure` whose code may also be one of this module's; identical once resolved-item adds the codes. */
export interface BakedImageFailure extends Omit<ResolveFailure, "code"> {
  code: ResolveErrorCode | BakedImageErrorCode;
}

export type BakedImageItem = ResolvedItem | BakedImageFailure;

/**
 * What was baked into the image. `items` are documents, JWTs or failures, as from any other resolver.
 * `links` are http(s) URLs the image only points at (an Open Badges 2.0 hosted assertion): fetch each through
 * the share-link resolver, with the same `source`. At least one of the two is non-empty.
 */
export interface BakedImageContents {
  items: BakedImageItem[];
  links: string[];
}

/** Bigger files are refused unread; real badge images are a few hundred KB at most. */
export const MAX_IMAGE_BYTES = 10_000_000;
/** The cap on one badge's text, after decompression; the same 1 MB as any other submitted document. */
export const MAX_BAKED_TEXT_BYTES = 1_000_000;
/** More badges than this in one image are not read (each may need inflating, so this bounds the work). */
export const MAX_BADGES_PER_IMAGE = 10;

const NO_BADGE = "This image holds no badge (no Open Badges data was baked into it).";
const NOT_AN_IMAGE = "This file is not a PNG or SVG image, so it cannot hold a baked badge.";
const TOO_LARGE_TEXT =
  "The badge data in this image is larger than 1 MB, which no genuine badge needs, so Attest did not read it.";
const EMPTY_BADGE = "This image has an Open Badges tag, but nothing is inside it.";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_BADGE_KEYWORDS = new Set(["openbadgecredential", "openbadges"]);
const OPEN_BADGES_NAMESPACES = new Set([
  "http://openbadges.org",
  "https://openbadges.org",
  "https://purl.imsglobal.org/ob/v3p0",
  "https://purl.imsglobal.org/spec/ob/v3p0",
]);

type Code = ResolveErrorCode | BakedImageErrorCode;
type Problem = { code: Code; reason: string };
/** One badge found in the image: its text, or why it could not be read. */
type Entry = { text: string } | Problem;
/** A whole-file failure, or the badges found (`overflow`: more than MAX_BADGES_PER_IMAGE, the rest unread). */
type Scan = { problem: Problem } | { entries: Entry[]; overflow: boolean };

/**
 * Reads the Open Badges data baked into a PNG or SVG image. Pure, and never throws for bad input: anything
 * unreadable (not an image, no badge, damaged file, zip bomb, XML entity declarations) comes back as a failure
 * item whose `reason` the candidate can read. A structurally damaged file yields only its failure, even if a
 * badge was found before the damage.
 */
export function extractFromBakedImage(bytes: Uint8Array, source: string): BakedImageContents {
  const only = (code: Code, reason: string): BakedImageContents => ({
    items: [fail(source, code, reason)],
    links: [],
  });
  if (bytes.length === 0) return only("empty", "The file is empty.");
  if (bytes.length > MAX_IMAGE_BYTES) {
    return only(
      "too-large",
      `The image is ${(bytes.length / 1_000_000).toFixed(1)} MB; badge images larger than 10 MB are not accepted.`,
    );
  }
  let scan: Scan;
  try {
    scan = isPng(bytes) ? scanPng(bytes) : scanSvgBytes(bytes);
  } catch {
    // Defensive: the scanners bound-check everything, but a bad file must never become a server error.
    scan = { problem: { code: "damaged-image", reason: "This image is damaged, so Attest cannot read it." } };
  }
  if ("problem" in scan) return only(scan.problem.code, scan.problem.reason);
  return assemble(scan.entries, scan.overflow, source);
}

function assemble(found: Entry[], overflow: boolean, source: string): BakedImageContents {
  const seen = new Set<string>();
  const entries = found.filter((entry) => {
    if (!("text" in entry)) return true;
    const key = entry.text.trim();
    if (seen.has(key)) return false; // the same badge in two chunks (say iTXt and tEXt) is one badge
    seen.add(key);
    return true;
  });
  if (entries.length === 0) return { items: [fail(source, "no-credential", NO_BADGE)], links: [] };

  const items: BakedImageItem[] = [];
  const links: string[] = [];
  entries.forEach((entry, i) => {
    const label = entries.length > 1 ? `${source} (badge ${i + 1} of ${entries.length})` : source;
    if (!("text" in entry)) {
      items.push(fail(label, entry.code, entry.reason));
      return;
    }
    const text = entry.text.replace(/^\uFEFF/, "").trim();
    if (text === "") items.push(fail(label, "no-credential", EMPTY_BADGE));
    else if (isHttpUrl(text)) links.push(text);
    else items.push(...itemsFromText(text, label));
  });
  if (overflow) {
    items.push(
      fail(
        source,
        "too-many-items",
        `Only the first ${MAX_BADGES_PER_IMAGE} badges baked into this image were read; submit the rest separately.`,
      ),
    );
  }
  return { items, links };
}

// ---------------------------------------------------------------------------------------------------------------
// PNG

function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

function scanPng(bytes: Uint8Array): Scan {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const truncated = {
    problem: {
      code: "damaged-image" as const,
      reason: "This PNG image is cut short (it ends in the middle of its data); upload the complete file.",
    },
  };
  const damaged = (what: string): Scan => ({
    problem: { code: "damaged-image", reason: `This PNG image is damaged (${what}), so Attest cannot read it.` },
  });
  const entries: Entry[] = [];
  let badgeChunks = 0;
  let overflow = false;
  let offset = PNG_SIGNATURE.length;
  for (let index = 0; ; index++) {
    // Every chunk is length (4) + type (4) + data (length) + CRC (4); the last must be IEND.
    if (bytes.length - offset < 12) return truncated;
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (!/^[A-Za-z]{4}$/.test(type)) return damaged("a chunk has an invalid type");
    if (length > 0x7fffffff) return damaged("a chunk declares an impossible length");
    const dataStart = offset + 8;
    const dataEnd = dataStart + length;
    if (dataEnd + 4 > bytes.length) return truncated;
    if (index === 0 && type !== "IHDR") return damaged("it does not begin with an image header");
    if (type === "IEND") break;
    if (type === "iTXt" || type === "tEXt" || type === "zTXt") {
      const data = bytes.subarray(dataStart, dataEnd);
      const keyword = readKeyword(data);
      if (keyword !== null && PNG_BADGE_KEYWORDS.has(keyword)) {
        badgeChunks++;
        // Past the cap the chunk is only counted, not inflated, so a thousand bombs cost nothing.
        if (badgeChunks > MAX_BADGES_PER_IMAGE) overflow = true;
        else if (!crcMatches(bytes, offset + 4, dataEnd, view.getUint32(dataEnd))) {
          entries.push({
            code: "damaged-image",
            reason: "The badge data in this image is damaged (its checksum does not match), so Attest cannot read it.",
          });
        } else entries.push(readTextChunk(type, data, keyword.length + 1));
      }
    }
    offset = dataEnd + 4;
  }
  return { entries, overflow };
}

/** The Latin-1 keyword before the first NUL (1–79 bytes), or null if there is none. */
function readKeyword(data: Uint8Array): string | null {
  const end = data.subarray(0, 80).indexOf(0);
  return end < 1 ? null : String.fromCharCode(...data.subarray(0, end));
}

function crcMatches(bytes: Uint8Array, start: number, end: number, expected: number): boolean {
  // zlib.crc32 exists from Node 20.15 / 22.2; without it the check is skipped (the CRC is a nicety: a corrupt
  // credential also fails its signature check).
  const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  return typeof crc32 !== "function" || crc32(bytes.subarray(start, end)) >>> 0 === expected >>> 0;
}

function readTextChunk(type: string, data: Uint8Array, textStart: number): Entry {
  const damaged: Problem = {
    code: "damaged-image",
    reason: "The badge data in this image is damaged, so Attest cannot read it.",
  };
  if (type === "tEXt") return decodeLegacyText(data.subarray(textStart));
  if (type === "zTXt") {
    if (data[textStart] !== 0) return damaged; // compression method 0 (zlib) is the only one defined
    const inflated = inflateCapped(data.subarray(textStart + 1));
    return "problem" in inflated ? inflated.problem : decodeLegacyText(inflated.bytes);
  }
  // iTXt: keyword NUL, compression flag, compression method, language tag NUL, translated keyword NUL, text.
  let p = textStart;
  if (p + 2 > data.length) return damaged;
  const compressed = data[p];
  const method = data[p + 1];
  p += 2;
  const languageEnd = data.indexOf(0, p);
  if (languageEnd === -1) return damaged;
  const translatedEnd = data.indexOf(0, languageEnd + 1);
  if (translatedEnd === -1) return damaged;
  let text = data.subarray(translatedEnd + 1);
  if (compressed === 1) {
    if (method !== 0) return damaged;
    const inflated = inflateCapped(text);
    if ("problem" in inflated) return inflated.problem;
    text = inflated.bytes;
  } else if (compressed !== 0) {
    return damaged;
  }
  if (text.length > MAX_BAKED_TEXT_BYTES) return { code: "too-large", reason: TOO_LARGE_TEXT };
  const decoded = decodeUtf8(text);
  return decoded === null
    ? {
        code: "damaged-image",
        reason: "The badge data in this image is not valid UTF-8 text, so Attest cannot read it.",
      }
    : { text: decoded };
}

/** tEXt and zTXt are Latin-1 by the PNG spec, but bakers write UTF-8 there too: UTF-8 when valid, else Latin-1. */
function decodeLegacyText(bytes: Uint8Array): Entry {
  if (bytes.length > MAX_BAKED_TEXT_BYTES) return { code: "too-large", reason: TOO_LARGE_TEXT };
  return { text: decodeUtf8(bytes) ?? new TextDecoder("latin1").decode(bytes) };
}

function inflateCapped(bytes: Uint8Array): { bytes: Uint8Array } | { problem: Problem } {
  try {
    // maxOutputLength stops inflation as soon as the output passes the cap: a zip bomb costs ~1 MB, not 50.
    return { bytes: zlib.inflateSync(bytes, { maxOutputLength: MAX_BAKED_TEXT_BYTES }) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      return {
        problem: {
          code: "too-large",
          reason:
            "The badge data in this image expands to more than 1 MB when decompressed, which no genuine badge needs, so Attest did not read it.",
        },
      };
    }
    return {
      problem: {
        code: "damaged-image",
        reason: "The badge data in this image is compressed but cannot be decompressed (it is damaged).",
      },
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// SVG: a small, strict XML reader. It tokenises the whole document (comments, CDATA, processing instructions,
// quoted attribute values that may contain ">"), checks that tags nest, resolves namespace prefixes, and expands
// only the five predefined entities and character references. It never reads a DTD: a DOCTYPE with an internal
// subset (where entities are declared) is refused outright, so no entity can expand into another.

function scanSvgBytes(bytes: Uint8Array): Scan {
  const text = decodeXmlBytes(bytes);
  const notImage = { problem: { code: "unsupported-format" as const, reason: describeNonImage(bytes) } };
  if (
    text === null ||
    !text
      .replace(/^\uFEFF/, "")
      .trimStart()
      .startsWith("<")
  )
    return notImage;
  const result = scanSvg(text.replace(/^\uFEFF/, ""));
  if (result === "not-svg") return notImage;
  return result;
}

function decodeXmlBytes(bytes: Uint8Array): string | null {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le", { fatal: true }).decode(bytes);
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  return decodeUtf8(bytes);
}

interface Capture {
  parts: string[];
  size: number;
  verify: string | null;
  problem: Problem | null;
}

interface Frame {
  name: string;
  namespaces: Map<string, string>;
  capture: Capture | null;
}

const NAME = /[A-Za-z_:\u00C0-\uFFFF][-\w.:\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /[ \t\r\n]+/y;

function scanSvg(text: string): Scan | "not-svg" {
  const malformed = (what: string): Scan => ({
    problem: {
      code: "damaged-image",
      reason: `This SVG image is not well-formed XML (${what}), so Attest cannot read it.`,
    },
  });
  const entries: Entry[] = [];
  const stack: Frame[] = [];
  let rootSeen = false;
  let badges = 0;
  let overflow = false;
  /** The badge element being read; only the outermost one is captured. */
  let capturing: Frame | null = null;
  let i = 0;
  const n = text.length;

  const matchAt = (pattern: RegExp, at: number): string | null => {
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    return m ? m[0] : null;
  };
  const skipSpace = (at: number): number => at + (matchAt(SPACE, at)?.length ?? 0);

  while (i < n) {
    const lt = text.indexOf("<", i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i) {
      const chunk = text.slice(i, textEnd);
      const top = stack[stack.length - 1];
      if (!top) {
        if (chunk.trim() !== "") return rootSeen ? malformed("there is text after the image") : "not-svg";
      } else if (top.capture) {
        const decoded = decodeEntities(chunk);
        if (decoded === null) {
          top.capture.problem ??= {
            code: "damaged-image",
            reason: "The badge data in this SVG uses an XML entity that is not defined, so Attest cannot read it.",
          };
        } else appendCapture(top.capture, decoded);
      }
    }
    if (lt === -1) break;
    i = lt;

    if (text.startsWith("<!--", i)) {
      const close = text.indexOf("-->", i + 4);
      if (close === -1) return malformed("a comment is never closed");
      i = close + 3;
    } else if (text.startsWith("<![CDATA[", i)) {
      if (stack.length === 0) return rootSeen ? malformed("there is text after the image") : "not-svg";
      const close = text.indexOf("]]>", i + 9);
      if (close === -1) return malformed("a CDATA section is never closed");
      const top = stack[stack.length - 1];
      if (top.capture) appendCapture(top.capture, text.slice(i + 9, close));
      i = close + 3;
    } else if (text.startsWith("<?", i)) {
      const close = text.indexOf("?>", i + 2);
      if (close === -1) return malformed("a processing instruction is never closed");
      i = close + 2;
    } else if (text.startsWith("<!DOCTYPE", i)) {
      if (rootSeen) return malformed("a DOCTYPE appears inside the document");
      let j = i + 9;
      for (;;) {
        if (j >= n) return malformed("the DOCTYPE is never closed");
        const c = text[j];
        if (c === '"' || c === "'") {
          const close = text.indexOf(c, j + 1);
          if (close === -1) return malformed("the DOCTYPE is never closed");
          j = close + 1;
        } else if (c === "[") {
          return {
            problem: {
              code: "unsupported-format",
              reason:
                "This SVG image declares its own XML entities (a DOCTYPE with an internal subset), which can be used to attack XML readers, so Attest does not read it. Export the image again without the DOCTYPE.",
            },
          };
        } else if (c === ">") {
          break;
        } else j++;
      }
      i = j + 1; // an external DOCTYPE (as some editors write) is harmless: it is never fetched
    } else if (text.startsWith("<!", i)) {
      return malformed("it contains an unknown declaration");
    } else if (text.startsWith("</", i)) {
      const name = matchAt(NAME, i + 2);
      if (name === null) return malformed("a closing tag has no name");
      const close = skipSpace(i + 2 + name.length);
      if (text[close] !== ">") return malformed(`the closing tag </${name.slice(0, 40)}> is not closed`);
      const frame = stack.pop();
      if (!frame || frame.name !== name) return malformed(`the closing tag </${name.slice(0, 40)}> does not match`);
      if (frame.capture) entries.push(finishCapture(frame.capture));
      if (frame === capturing) capturing = null;
      i = close + 1;
    } else {
      const name = matchAt(NAME, i + 1);
      if (name === null) return malformed("a '<' is not followed by a tag name");
      if (!rootSeen) {
        if (localName(name) !== "svg") return "not-svg";
        rootSeen = true;
      } else if (stack.length === 0) {
        return malformed("there is more than one root element");
      }
      const attributes = new Map<string, string | null>();
      let j = i + 1 + name.length;
      let selfClosing = false;
      for (;;) {
        const afterSpace = skipSpace(j);
        if (text.startsWith("/>", afterSpace)) {
          selfClosing = true;
          j = afterSpace + 2;
          break;
        }
        if (text[afterSpace] === ">") {
          j = afterSpace + 1;
          break;
        }
        if (afterSpace >= n) return malformed(`the tag <${name.slice(0, 40)}> is never closed`);
        if (afterSpace === j) return malformed(`the tag <${name.slice(0, 40)}> is garbled`);
        const attribute = matchAt(NAME, afterSpace);
        if (attribute === null) return malformed(`the tag <${name.slice(0, 40)}> is garbled`);
        let k = skipSpace(afterSpace + attribute.length);
        if (text[k] !== "=") return malformed(`the attribute ${attribute.slice(0, 40)} has no value`);
        k = skipSpace(k + 1);
        const quote = text[k];
        if (quote !== '"' && quote !== "'") return malformed(`the attribute ${attribute.slice(0, 40)} is not quoted`);
        const close = text.indexOf(quote, k + 1);
        if (close === -1) return malformed(`the attribute ${attribute.slice(0, 40)} is never closed`);
        const raw = text.slice(k + 1, close);
        if (raw.includes("<")) return malformed(`the attribute ${attribute.slice(0, 40)} contains '<'`);
        if (attributes.has(attribute)) return malformed(`the attribute ${attribute.slice(0, 40)} appears twice`);
        attributes.set(attribute, decodeEntities(raw.replace(/[\t\r\n]/g, " ")));
        j = close + 1;
      }

      const parent = stack[stack.length - 1];
      let namespaces = parent?.namespaces ?? new Map<string, string>();
      for (const [attribute, value] of attributes) {
        if (attribute === "xmlns" || attribute.startsWith("xmlns:")) {
          if (namespaces === parent?.namespaces) namespaces = new Map(namespaces);
          namespaces.set(attribute === "xmlns" ? "" : attribute.slice(6), value ?? "");
        }
      }
      const frame: Frame = { name, namespaces, capture: null };
      // A badge element nested in another badge element is part of the outer one's content, not a second badge.
      if (capturing === null && isBadgeElement(name, namespaces)) {
        badges++;
        if (badges > MAX_BADGES_PER_IMAGE) overflow = true;
        else {
          const verify = attributes.get("verify");
          frame.capture = {
            parts: [],
            size: 0,
            verify: verify === undefined ? null : verify,
            problem:
              verify === null
                ? { code: "damaged-image", reason: "The badge's verify attribute in this SVG is garbled." }
                : null,
          };
        }
      }
      if (selfClosing) {
        if (frame.capture) entries.push(finishCapture(frame.capture));
      } else {
        stack.push(frame);
        if (frame.capture) capturing = frame;
      }
      i = j;
    }
  }
  if (!rootSeen) return "not-svg";
  if (stack.length > 0) return malformed("it ends before its tags are closed; the file may be cut short");
  return { entries, overflow };
}

function localName(name: string): string {
  return name.slice(name.indexOf(":") + 1);
}

function isBadgeElement(name: string, namespaces: Map<string, string>): boolean {
  const colon = name.indexOf(":");
  const local = name.slice(colon + 1);
  if (local !== "credential" && local !== "assertion") return false;
  const prefix = colon === -1 ? "" : name.slice(0, colon);
  const uri = (namespaces.get(prefix) ?? "").replace(/\/+$/, "");
  // The prefix is what the specs show; some bakers forget to declare it, so the prefix alone is enough.
  return OPEN_BADGES_NAMESPACES.has(uri) || prefix === "openbadges";
}

function appendCapture(capture: Capture, text: string): void {
  if (capture.problem) return;
  capture.size += text.length;
  if (capture.size > MAX_BAKED_TEXT_BYTES) {
    capture.problem = { code: "too-large", reason: TOO_LARGE_TEXT };
    capture.parts = [];
    return;
  }
  capture.parts.push(text);
}

/** The element's text if it has any, else its `verify` attribute (a hosted assertion's URL, or a 2.0 JWS). */
function finishCapture(capture: Capture): Entry {
  if (capture.problem) return capture.problem;
  const content = capture.parts.join("");
  if (content.trim() !== "") return { text: content };
  return { text: capture.verify ?? "" };
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Expands the five predefined entities and character references; null for anything else (undeclared entities). */
function decodeEntities(text: string): string | null {
  if (!text.includes("&")) return text;
  let out = "";
  let i = 0;
  for (;;) {
    const amp = text.indexOf("&", i);
    if (amp === -1) return out + text.slice(i);
    out += text.slice(i, amp);
    const semi = text.indexOf(";", amp + 1);
    if (semi === -1 || semi - amp > 12) return null;
    const name = text.slice(amp + 1, semi);
    let value: string | undefined;
    const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(name);
    if (numeric) {
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2], 10);
      const allowed =
        code === 0x9 ||
        code === 0xa ||
        code === 0xd ||
        (code >= 0x20 && code <= 0xd7ff) ||
        (code >= 0xe000 && code <= 0xfffd) ||
        (code >= 0x10000 && code <= 0x10ffff);
      if (allowed) value = String.fromCodePoint(code);
    } else {
      value = Object.prototype.hasOwnProperty.call(PREDEFINED_ENTITIES, name) ? PREDEFINED_ENTITIES[name] : undefined;
    }
    if (value === undefined) return null;
    out += value;
    i = semi + 1;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function describeNonImage(bytes: Uint8Array): string {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  const kind = starts(0xff, 0xd8, 0xff)
    ? "a JPEG image"
    : starts(0x47, 0x49, 0x46, 0x38)
      ? "a GIF image"
      : starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.subarray(8, 12)) === "WEBP"
        ? "a WebP image"
        : starts(0x25, 0x50, 0x44, 0x46)
          ? "a PDF"
          : null;
  return kind
    ? `This file is ${kind}, not a PNG or SVG image; badges are baked only into PNG and SVG images.`
    : NOT_AN_IMAGE;
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

function fail(source: string, code: Code, reason: string): BakedImageFailure {
  return { ok: false, source, code, reason };
}
