/**
 * Canonical skill keys, so that "Python®", "python" and an ESCO URI for Python meet in one search facet.
 * Pure functions over strings: safe for the browser bundle.
 */

/** An OBv3 Alignment, as far as keys are concerned (all fields optional: real data is messy). */
export interface AlignmentLike {
  targetName?: unknown;
  targetUrl?: unknown;
  targetCode?: unknown;
  targetFramework?: unknown;
  targetType?: unknown;
}

export type SkillKeySource = AlignmentLike | { name?: unknown };

export type SkillMapping = "code" | "url" | "name";

// Windows-1252 characters that sit in the 0x80–0x9F byte range, mapped back to their byte.
const CP1252_BYTES = new Map<number, number>([
  [0x20ac, 0x80],
  [0x201a, 0x82],
  [0x0192, 0x83],
  [0x201e, 0x84],
  [0x2026, 0x85],
  [0x2020, 0x86],
  [0x2021, 0x87],
  [0x02c6, 0x88],
  [0x2030, 0x89],
  [0x0160, 0x8a],
  [0x2039, 0x8b],
  [0x0152, 0x8c],
  [0x017d, 0x8e],
  [0x2018, 0x91],
  [0x2019, 0x92],
  [0x201c, 0x93],
  [0x201d, 0x94],
  [0x2022, 0x95],
  [0x2013, 0x96],
  [0x2014, 0x97],
  [0x02dc, 0x98],
  [0x2122, 0x99],
  [0x0161, 0x9a],
  [0x203a, 0x9b],
  [0x0153, 0x9c],
  [0x017e, 0x9e],
  [0x0178, 0x9f],
]);

// A UTF-8 lead byte read as Latin-1/Windows-1252 (Â, Ã, â, …) followed by a continuation byte.
const MOJIBAKE =
  /[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

/** Undo UTF-8 text that was decoded as Windows-1252 ("Â®" → "®", "Ã©" → "é"); unchanged when unsure. */
export function repairMojibake(text: string): string {
  if (!MOJIBAKE.test(text)) return text;
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    const byte = code < 0x100 ? code : CP1252_BYTES.get(code);
    if (byte === undefined) return text;
    bytes.push(byte);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return text;
  }
}

/**
 * Normalise free skill text for comparison: repair mojibake, NFKC, lower case, drop ®/™/©, turn
 * punctuation into spaces and collapse whitespace. "+" and "#" survive because they carry meaning in
 * skill names (C++, C#, F#).
 */
export function normalizeSkillText(text: string): string {
  // the marks go before NFKC, which would turn "™" into the letters "TM"
  return repairMojibake(text)
    .replace(/[®™©℠]/gu, "")
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}+#]+/gu, " ")
    .trim()
    .replace(/\s+/g, " ");
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const ESCO_SKILL_URL = new RegExp(`^https?://data\\.europa\\.eu/esco/skill/(${UUID})(?:[/?#].*)?$`, "i");
const ONET_CODE = /^\d{2}-\d{4}\.\d{2}$/;
const SOC_CODE = /^\d{2}-\d{4}$/;
const ONET_URL = /(?:onetonline\.org|onetcenter\.org)\/.*?(\d{2}-\d{4}\.\d{2})/i;
const CASE_ITEM_URL = new RegExp(`/CFItems/(${UUID})`, "i");
const CASE_GUID = new RegExp(`^${UUID}$`, "i");
const CTID = new RegExp(`^ce-${UUID}$`, "i");
const CTID_IN_URL = new RegExp(`/(ce-${UUID})(?:[/?#]|$)`, "i");

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** "url:<host+path>" form of a URL: lower case, no scheme, query, fragment or trailing slash. */
export function normalizeUrlKey(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  const path = parsed.pathname.replace(/\/+$/, "");
  return `url:${(parsed.host + path).toLowerCase()}`;
}

/**
 * The canonical key of a skill, from the strongest identifier available:
 * ESCO skill URI → "esco:<uuid>"; O*NET-SOC code → "onet:<code>"; CASE CFItem GUID → "case:<guid>";
 * CTDL CTID → "ctdl:ce-<uuid>"; otherwise the target URL → "url:<host/path>"; otherwise the name →
 * "name:<normalised>". Returns null when nothing usable is there.
 */
export function canonicalSkillKey(source: SkillKeySource): string | null {
  return describeSkillKey(source)?.key ?? null;
}

/** As {@link canonicalSkillKey}, also saying how the key was made and which framework it names. */
export function describeSkillKey(
  source: SkillKeySource,
): { key: string; mapping: SkillMapping; framework?: string } | null {
  const a = source as AlignmentLike & { name?: unknown };
  const url = str(a.targetUrl);
  const code = str(a.targetCode);
  const framework = str(a.targetFramework);
  const targetType = str(a.targetType);

  const escoMatch = (url && ESCO_SKILL_URL.exec(url)) || (code && ESCO_SKILL_URL.exec(code));
  if (escoMatch?.[1])
    return { key: `esco:${escoMatch[1].toLowerCase()}`, mapping: "code", framework: framework ?? "ESCO" };
  if (code && CASE_GUID.test(code) && framework && /\besco\b/i.test(framework)) {
    return { key: `esco:${code.toLowerCase()}`, mapping: "code", framework };
  }

  const mentionsOnet = framework !== undefined && /o\s*\*?\s*net/i.test(framework);
  if (code && (ONET_CODE.test(code) || (mentionsOnet && SOC_CODE.test(code)))) {
    const full = ONET_CODE.test(code) ? code : `${code}.00`;
    return { key: `onet:${full}`, mapping: "code", framework: framework ?? "O*NET-SOC" };
  }
  const onetUrl = url ? ONET_URL.exec(url) : null;
  if (onetUrl?.[1]) return { key: `onet:${onetUrl[1]}`, mapping: "code", framework: framework ?? "O*NET-SOC" };

  const isCfItem = targetType !== undefined && /cfitem/i.test(targetType);
  if (isCfItem && code && CASE_GUID.test(code))
    return { key: `case:${code.toLowerCase()}`, mapping: "code", framework };
  const caseUrl = url ? CASE_ITEM_URL.exec(url) : null;
  if (caseUrl?.[1]) return { key: `case:${caseUrl[1].toLowerCase()}`, mapping: "code", framework };

  if (code && CTID.test(code)) return { key: `ctdl:${code.toLowerCase()}`, mapping: "code", framework };
  const ctidUrl = url ? CTID_IN_URL.exec(url) : null;
  if (ctidUrl?.[1]) return { key: `ctdl:${ctidUrl[1].toLowerCase()}`, mapping: "code", framework };

  const urlKey = url ? normalizeUrlKey(url) : null;
  if (urlKey) return { key: urlKey, mapping: "url", framework };

  const name = str(a.targetName) ?? str(a.name);
  const normalized = name ? normalizeSkillText(name) : "";
  if (normalized) return { key: `name:${normalized}`, mapping: "name", framework };
  return null;
}
