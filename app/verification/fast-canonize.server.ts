/**
 * Shape-keyed canonicalisation: a faster path to the exact N-Quads that `jsonld.toRDF` + RDFC-1.0 produce in
 * safe mode, for documents whose JSON structure was seen before (credentials from one issuer's template, and
 * proof options, which differ only in dates, keys and ids).
 *
 * How it works. A document's *shape* is its JSON with every free string value blanked out: keys, array
 * lengths, numbers, booleans, `@context` and `type` values stay. The first time a shape is seen, a *probe*
 * copy of the document, with each free string replaced by a unique token, goes through jsonld.toRDF (safe
 * mode). Where each token lands tells what the string is: a literal (its datatype and language come from the
 * context, not from the value) or an IRI. That gives a template of quads; later documents of the shape only
 * fill in their values and run RDFC-1.0 (rdf-canonize) on the result, skipping JSON-LD expansion entirely.
 *
 * Correctness first — the reference path (the suite's own canonize) is used whenever anything is unusual:
 * - a template is used only after it reproduced the reference output byte for byte on a real document;
 * - a value in an IRI position must be an absolute IRI that JSON-LD would leave unchanged (a scheme that no
 *   bundled context defines as a term, no relative references, no blank node ids); other values there
 *   (e.g. `proofPurpose: "assertionMethod"`, expanded against the vocabulary) become part of the shape key
 *   and get their own probed, validated template;
 * - a token that lands anywhere but as a whole IRI or a whole literal (JSON literals, language tags, lists),
 *   inline or nested contexts, keywords other than `@context`, contexts the document loader does not serve
 *   from the bundle, or quads that would collapse into duplicates: reference path.
 * Safe-mode rejections (undefined terms, relative IRIs) depend only on the shape or on IRI values, so the
 * fast path never accepts a document the reference path would reject: an undefined term fails the probe,
 * and the shape is never templated; an IRI value passes through only if jsonld.js's own absolute-IRI test
 * accepts it too.
 * The validation on a shape's first document proves the template right for *that* document only, and an
 * attacker chooses which document comes first: so nothing a document contains may steer the template. Tokens
 * carry a random part drawn per process, and a document that mentions the token text anywhere is not templated.
 */
import { randomBytes } from "node:crypto";
import jsonld from "jsonld";
import * as rdfCanonize from "rdf-canonize";
import { BUNDLED_CONTEXTS } from "./document-loader.server";

type Json = unknown;
type Options = Record<string, unknown> & {
  documentLoader?: (url: string) => Promise<{ document?: unknown }>;
  skipExpansion?: boolean;
  safe?: boolean;
  base?: unknown;
};
export type Canonize = (input: Json, options: Options) => Promise<string>;

interface RdfTerm {
  termType: string;
  value: string;
  datatype?: RdfTerm;
  language?: string;
}
interface Quad {
  subject: RdfTerm;
  predicate: RdfTerm;
  object: RdfTerm;
  graph: RdfTerm;
}

/** A quad term: fixed, or the value of slot `slot` (as an IRI or as a literal's lexical form). */
type TermTemplate =
  | { fixed: RdfTerm }
  | { slot: number; termType: "NamedNode" }
  | { slot: number; termType: "Literal"; datatype: RdfTerm; language?: string };
interface QuadTemplate {
  subject: TermTemplate;
  predicate: RdfTerm;
  object: TermTemplate;
  graph: RdfTerm;
}

interface Template {
  quads: QuadTemplate[];
  /** Per slot: "iri", "literal", or "fixed" (its value is part of the key and baked into the quads). */
  kinds: Array<"iri" | "literal" | "fixed">;
  validated: boolean;
  failedValidations: number;
}

const MAX_TEMPLATES = 2000;
const MAX_SLOTS = 4000;
const MAX_DEPTH = 24;
/**
 * Probe tokens must be text no document can hold, or a value equal to a token (a `type`, which stays in the
 * shape) would be read as that slot by the template. So the token carries a random part drawn per process, and
 * any document that mentions the token's fixed part anywhere (keys, types, values) takes the reference path.
 */
const TOKEN_MARK = "x-attest-slot";
const TOKEN_PREFIX = `urn:${TOKEN_MARK}-${randomBytes(12).toString("hex")}:`;
const TOKEN = new RegExp(`^${TOKEN_PREFIX}(\\d+)$`);
const RDF_LIST = /^http:\/\/www\.w3\.org\/1999\/02\/22-rdf-syntax-ns#(first|rest|nil)$/;

/** Every key anywhere in a bundled context: a scheme equal to one of these might be a compact IRI prefix. */
let contextTerms: Set<string> | undefined;
function termsOfBundledContexts(): Set<string> {
  if (contextTerms) return contextTerms;
  const terms = new Set<string>();
  const walk = (value: unknown, depth: number) => {
    if (depth > 64 || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) for (const item of value) walk(item, depth + 1);
    else
      for (const [key, item] of Object.entries(value)) {
        terms.add(key);
        walk(item, depth + 1);
      }
  };
  for (const context of BUNDLED_CONTEXTS.values()) walk(context, 0);
  contextTerms = terms;
  return terms;
}

/**
 * An absolute IRI that JSON-LD expansion returns unchanged and N-Quads can carry without escaping. Its
 * characters are a subset of those jsonld.js's own absolute-IRI test accepts (`[^\s]`: JavaScript's `\s` also
 * matches U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000 and U+FEFF, which safe mode then
 * rejects as a relative reference), and jsonld's test itself is applied too, so the two can never drift apart.
 */
const SAFE_IRI = /^([A-Za-z][A-Za-z0-9+.-]*):[^\s\u0000-\u0020<>"{}|\\^`\u007f-\u009f\ud800-\udfff]*$/;
const jsonldIsAbsolute = (jsonld as unknown as { url: { isAbsolute(value: string): boolean } }).url.isAbsolute;
export function isPassThroughIri(value: string): boolean {
  const match = SAFE_IRI.exec(value);
  if (!match || !jsonldIsAbsolute(value)) return false;
  const terms = termsOfBundledContexts();
  return !terms.has(match[1] as string) && !terms.has(value);
}

interface Analysis {
  shape: string;
  slots: string[];
  contexts: string[];
}

/** The shape key and free string values of a document, or null when it is not a candidate at all. */
function analyze(input: Json): Analysis | null {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return null;
  const root = input as Record<string, unknown>;
  const contexts: string[] = [];
  for (const context of Array.isArray(root["@context"]) ? root["@context"] : [root["@context"]]) {
    if (typeof context !== "string" || !BUNDLED_CONTEXTS.has(context)) return null;
    contexts.push(context);
  }
  const slots: string[] = [];
  let ok = true;
  const walk = (value: unknown, key: string, depth: number): string => {
    if (!ok) return "";
    if (depth > MAX_DEPTH) {
      ok = false;
      return "";
    }
    if (typeof value === "string") {
      if (value.includes(TOKEN_MARK)) {
        ok = false;
        return "";
      }
      if (key === "type" || key === "@type") return JSON.stringify(value);
      slots.push(value);
      if (slots.length > MAX_SLOTS) ok = false;
      return "s";
    }
    if (value === null || typeof value === "number" || typeof value === "boolean") return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map((item) => walk(item, key, depth + 1)).join(",")}]`;
    if (typeof value === "object") {
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        // Keywords (and nested contexts) change how everything around them is read: reference path.
        if (k.startsWith("@") && !(depth === 0 && k === "@context")) {
          ok = false;
          return "";
        }
        if (depth === 0 && k === "@context") {
          parts.push(`"@context":${JSON.stringify(v)}`);
          continue;
        }
        if (k.includes(TOKEN_MARK)) {
          ok = false;
          return "";
        }
        parts.push(`${JSON.stringify(k)}:${walk(v, k, depth + 1)}`);
      }
      return `{${parts.join(",")}}`;
    }
    ok = false;
    return "";
  };
  const shape = walk(root, "", 0);
  return ok ? { shape, slots, contexts } : null;
}

/** The probe: the document with every slot not in `fixed` replaced by its token, in walk order. */
function probeOf(input: Json, fixed: ReadonlySet<number>): Json {
  let index = 0;
  const walk = (value: unknown, key: string, depth: number): unknown => {
    if (typeof value === "string") {
      if (key === "type" || key === "@type") return value;
      const i = index++;
      return fixed.has(i) ? value : `${TOKEN_PREFIX}${i}`;
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, key, depth + 1));
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>))
        out[k] = depth === 0 && k === "@context" ? v : walk(v, k, depth + 1);
      return out;
    }
    return value;
  };
  return walk(input, "", 0);
}

/** What both suites pass to jsonld.toRDF, whatever else their canonize options carry. */
function toRdfOptions(options: Options): Record<string, unknown> {
  return {
    documentLoader: options.documentLoader,
    base: null,
    safe: true,
    rdfDirection: "i18n-datatype",
    produceGeneralizedRdf: false,
  };
}

/** Build a template from the probe's quads, or null when a token landed somewhere a value cannot be substituted. */
async function buildTemplate(
  input: Json,
  slotCount: number,
  fixed: ReadonlySet<number>,
  options: Options,
): Promise<Template | null> {
  let quads: Quad[];
  try {
    quads = (await (jsonld as unknown as { toRDF(i: unknown, o: unknown): Promise<Quad[]> }).toRDF(
      probeOf(input, fixed),
      toRdfOptions(options),
    )) as Quad[];
  } catch (error) {
    if (process.env.ATTEST_DEBUG_CANONIZE)
      console.error("fast-canonize: probe failed:", error instanceof Error ? error.message : error);
    return null;
  }
  const kinds: Template["kinds"] = Array.from({ length: slotCount }, (_, i) =>
    fixed.has(i) ? "fixed" : ("unused" as never),
  );
  const seen = new Set<number>();
  const note = (slot: number, kind: "iri" | "literal"): boolean => {
    if (slot >= slotCount || fixed.has(slot)) return false;
    if (seen.has(slot) && kinds[slot] !== kind) return false;
    seen.add(slot);
    kinds[slot] = kind;
    return true;
  };
  const mentionsToken = (term: RdfTerm | undefined): boolean =>
    term !== undefined &&
    (term.value.includes(TOKEN_PREFIX) || (term.language ?? "").includes(TOKEN_PREFIX) || mentionsToken(term.datatype));
  const nodeTemplate = (term: RdfTerm): TermTemplate | null => {
    const match = TOKEN.exec(term.value);
    if (term.termType === "NamedNode" && match)
      return note(Number(match[1]), "iri") ? { slot: Number(match[1]), termType: "NamedNode" } : null;
    if (
      term.termType === "Literal" &&
      match &&
      term.datatype &&
      !mentionsToken(term.datatype) &&
      !(term.language ?? "").includes(TOKEN_PREFIX)
    ) {
      if (!note(Number(match[1]), "literal")) return null;
      return {
        slot: Number(match[1]),
        termType: "Literal",
        datatype: term.datatype,
        ...(term.language ? { language: term.language } : {}),
      };
    }
    if (mentionsToken(term)) return null;
    return { fixed: term };
  };
  const out: QuadTemplate[] = [];
  for (const quad of quads) {
    if (RDF_LIST.test(quad.predicate.value) || RDF_LIST.test(quad.object.value)) return null;
    if (mentionsToken(quad.predicate) || mentionsToken(quad.graph) || quad.graph.termType !== "DefaultGraph")
      return null;
    const subject = nodeTemplate(quad.subject);
    const object = nodeTemplate(quad.object);
    if (!subject || !object) return null;
    out.push({ subject, predicate: quad.predicate, object, graph: quad.graph });
  }
  // Every free value must show up in the output: a dropped or transformed value is not something to template.
  for (let i = 0; i < slotCount; i++) if (!fixed.has(i) && !seen.has(i)) return null;
  return { quads: out, kinds, validated: false, failedValidations: 0 };
}

function termOf(template: TermTemplate, slots: string[]): RdfTerm {
  if ("fixed" in template) return template.fixed;
  const value = slots[template.slot] as string;
  if (template.termType === "NamedNode") return { termType: "NamedNode", value };
  return template.language !== undefined
    ? { termType: "Literal", value, datatype: template.datatype, language: template.language }
    : { termType: "Literal", value, datatype: template.datatype };
}

function termKey(term: RdfTerm): string {
  return `${term.termType}\u0001${term.value}\u0001${term.datatype?.value ?? ""}\u0001${term.language ?? ""}`;
}

/** The filled-in dataset, or null when two quads coincide (jsonld would merge them: not worth modelling). */
function fill(template: Template, slots: string[]): Quad[] | null {
  const quads: Quad[] = new Array(template.quads.length);
  const keys = new Set<string>();
  for (let i = 0; i < template.quads.length; i++) {
    const q = template.quads[i] as QuadTemplate;
    const quad: Quad = {
      subject: termOf(q.subject, slots),
      predicate: q.predicate,
      object: termOf(q.object, slots),
      graph: q.graph,
    };
    const key = `${termKey(quad.subject)}\u0002${quad.predicate.value}\u0002${termKey(quad.object)}`;
    if (keys.has(key)) return null;
    keys.add(key);
    quads[i] = quad;
  }
  return quads;
}

async function canonizeDataset(quads: Quad[]): Promise<string> {
  return (rdfCanonize as unknown as { canonize(d: unknown, o: unknown): Promise<string> }).canonize(quads, {
    algorithm: "RDFC-1.0",
    format: "application/n-quads",
  });
}

export interface FastCanonizeStats {
  fast: number;
  reference: number;
  validated: number;
  rejectedTemplates: number;
}

export interface FastCanonizer {
  canonize(input: Json, options: Options, reference: Canonize): Promise<string>;
  readonly stats: FastCanonizeStats;
  clear(): void;
}

/** The bundled context objects the loader must serve for a document's contexts to count as the bundle's. */
async function loaderServesBundle(contexts: string[], options: Options): Promise<boolean> {
  const loader = options.documentLoader;
  if (typeof loader !== "function") return false;
  for (const url of contexts) {
    try {
      const remote = await loader(url);
      if (!remote || remote.document !== BUNDLED_CONTEXTS.get(url)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

export function createFastCanonizer(): FastCanonizer {
  const templates = new Map<string, Template | null>();
  const stats: FastCanonizeStats = { fast: 0, reference: 0, validated: 0, rejectedTemplates: 0 };

  async function templateFor(
    key: string,
    input: Json,
    slotCount: number,
    fixed: ReadonlySet<number>,
    options: Options,
  ): Promise<Template | null> {
    const known = templates.get(key);
    if (known !== undefined) return known;
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    const built = await buildTemplate(input, slotCount, fixed, options);
    if (!built) {
      stats.rejectedTemplates++;
      if (process.env.ATTEST_DEBUG_CANONIZE) console.error("fast-canonize: shape not templatable:", key.slice(0, 400));
    }
    // A concurrent call may have built (and validated) it meanwhile: keep that one.
    const again = templates.get(key);
    if (again !== undefined) return again;
    templates.set(key, built);
    return built;
  }

  async function referenceOf(input: Json, options: Options, reference: Canonize): Promise<string> {
    stats.reference++;
    return reference(input, options);
  }

  return {
    stats,
    clear: () => templates.clear(),
    async canonize(input, options, reference) {
      if (options.skipExpansion || options.safe === false || (options.base !== null && options.base !== undefined))
        return referenceOf(input, options, reference);
      const analysis = analyze(input);
      if (!analysis || !(await loaderServesBundle(analysis.contexts, options)))
        return referenceOf(input, options, reference);
      const { shape, slots } = analysis;

      let template = await templateFor(shape, input, slots.length, new Set(), options);
      if (!template) return referenceOf(input, options, reference);
      // Values in IRI positions that JSON-LD would rewrite (vocabulary terms, compact or relative IRIs) are part of the key.
      const bad = (t: Template) =>
        t.kinds.flatMap((kind, i) => (kind === "iri" && !isPassThroughIri(slots[i] as string) ? [i] : []));
      const pinned = bad(template);
      if (pinned.length > 0) {
        const key = `${shape}\u0000${JSON.stringify(pinned.map((i) => [i, slots[i]]))}`;
        template = await templateFor(key, input, slots.length, new Set(pinned), options);
        if (!template || bad(template).length > 0) return referenceOf(input, options, reference);
      }

      const quads = fill(template, slots);
      if (!quads) return referenceOf(input, options, reference);
      if (template.validated) {
        stats.fast++;
        return canonizeDataset(quads);
      }
      // First use: the template must reproduce the reference output exactly, or it is never used.
      const expected = await referenceOf(input, options, reference);
      const actual = await canonizeDataset(quads).catch(() => null);
      if (actual === expected) {
        if (!template.validated) stats.validated++;
        template.validated = true;
      } else if (++template.failedValidations >= 1) {
        stats.rejectedTemplates++;
        for (const [key, value] of templates) if (value === template) templates.set(key, null);
      }
      return expected;
    },
  };
}
