/**
 * The fast path (shape-keyed canonicalisation, cached keys, the verification cache) against the reference path
 * (the libraries' own suites) on the whole benchmark corpus, plus tampered variants: identical canonical
 * N-Quads, identical proof findings, identical verdicts. A fast path must never accept what the reference rejects.
 */
import jsonld from "jsonld";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { generateCorpus, tamperedVariants, type Corpus } from "./fixtures/corpus.server";
import { createDocumentLoader } from "./document-loader.server";
import { createFastCanonizer } from "./fast-canonize.server";
import { fastCanonizeStats, verifyProofs } from "./checks/proof.server";
import { createVerificationCache, verifyCredential } from "./verify.server";

const CORPUS_SIZE = Number(process.env.ATTEST_FAST_PATH_CORPUS ?? 1000);
const documentLoader = createDocumentLoader();
let corpus: Corpus;

beforeAll(async () => {
  corpus = await generateCorpus(CORPUS_SIZE);
}, 600_000);

/** Findings as text, with the vc library's "current date time" (read separately by each call) blanked out. */
const same = (finding: unknown) =>
  JSON.stringify(finding).replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, "<now>");

const referenceCanonize = (eddsaRdfc2022 as unknown as { canonize(i: unknown, o: unknown): Promise<string> }).canonize;

/** What the suites canonicalise: the document without its proof, and the proof options (with the document's contexts). */
function canonicalInputs(credential: Record<string, unknown>) {
  const { proof, ...document } = credential;
  const { proofValue: _value, ...options } = proof as Record<string, unknown>;
  return [document, { "@context": document["@context"], ...options }];
}

describe("shape-keyed canonicalisation", () => {
  test("byte-identical N-Quads to jsonld + rdf-canonize on every corpus document and proof options", async () => {
    const fast = createFastCanonizer();
    const reference = async (input: unknown) => {
      const dataset = await (jsonld as unknown as { toRDF(i: unknown, o: unknown): Promise<unknown> }).toRDF(input, {
        documentLoader,
        base: null,
        safe: true,
        rdfDirection: "i18n-datatype",
        produceGeneralizedRdf: false,
      });
      const rdfCanonize = await import("rdf-canonize");
      return rdfCanonize.canonize(dataset, { algorithm: "RDFC-1.0", format: "application/n-quads" });
    };
    let compared = 0;
    for (const { credential } of corpus.credentials) {
      for (const input of canonicalInputs(credential)) {
        const expected = await reference(input);
        expect(await fast.canonize(input, { documentLoader, safe: true, base: null }, referenceCanonize)).toBe(
          expected,
        );
        compared++;
      }
    }
    expect(compared).toBe(2 * CORPUS_SIZE);
    // The point of it: nearly everything went through templates.
    expect(fast.stats.fast).toBeGreaterThan(compared * 0.8);
  }, 600_000);

  test("unusual documents go to the reference path: inline contexts, keywords, unknown contexts", async () => {
    const fast = createFastCanonizer();
    const [document] = canonicalInputs(corpus.credentials[0]!.credential) as [Record<string, unknown>];
    const inline = {
      ...document,
      "@context": [...(document["@context"] as string[]), { extra: "https://example.org/extra" }],
    };
    const keyword = { ...document, name: { "@value": "x", "@language": "en" } };
    const unknownContext = {
      ...document,
      "@context": [...(document["@context"] as string[]), "https://example.org/context.json"],
    };
    const calls: unknown[] = [];
    const spy = async (input: unknown, options: unknown) => {
      calls.push(input);
      return referenceCanonize(input, options);
    };
    for (const input of [inline, keyword])
      await fast.canonize(input, { documentLoader, safe: true, base: null }, spy).catch(() => undefined);
    await fast.canonize(unknownContext, { documentLoader, safe: true, base: null }, spy).catch(() => undefined);
    expect(calls).toHaveLength(3);
    expect(fast.stats.fast).toBe(0);
  });

  test("an IRI position holding a non-IRI value never takes a template built for IRIs", async () => {
    const fast = createFastCanonizer();
    const [document] = canonicalInputs(corpus.credentials[0]!.credential) as [Record<string, unknown>];
    const options = { documentLoader, safe: true, base: null };
    await fast.canonize(document, options, referenceCanonize); // builds and validates the template
    await fast.canonize(
      { ...document, id: "urn:uuid:00000000-0000-4000-a000-000000000000" },
      options,
      referenceCanonize,
    );
    expect(fast.stats.fast).toBe(1);
    // A relative id: the reference path rejects it in safe mode, and so must the fast path.
    await expect(fast.canonize({ ...document, id: "relative-id" }, options, referenceCanonize)).rejects.toThrow(
      /Safe mode/,
    );
    // A compact IRI whose prefix a context defines ("xsd:") expands differently: not substituted.
    const compact = { ...document, id: "xsd:string" };
    expect(await fast.canonize(compact, options, referenceCanonize)).toBe(await referenceCanonize(compact, options));
  });
});

describe("fast and reference proof paths agree", () => {
  test("identical findings on the whole corpus", async () => {
    for (const [i, { credential }] of corpus.credentials.entries()) {
      const fast = await verifyProofs(credential, documentLoader, { path: "fast" });
      const reference = await verifyProofs(credential, documentLoader, { path: "reference" });
      if (same(fast) !== same(reference))
        throw new Error(`credential ${i}: fast ${JSON.stringify(fast)} vs reference ${JSON.stringify(reference)}`);
      expect(fast.kind).toBe("verified");
    }
    expect(fastCanonizeStats().fast).toBeGreaterThan(0);
  }, 600_000);

  test("identical findings on tampered variants (every signed field changed in turn); none verifies", async () => {
    // Every 20th credential: both suites, with and without status, expiry and subject id.
    const sample = corpus.credentials.filter((_, i) => i % 20 === 0 || i % 20 === 3);
    let variants = 0;
    for (const { credential } of sample) {
      for (const { label, document } of tamperedVariants(credential)) {
        const fast = await verifyProofs(document, documentLoader, { path: "fast" });
        const reference = await verifyProofs(document, documentLoader, { path: "reference" });
        if (same(fast) !== same(reference))
          throw new Error(`${label}: fast ${JSON.stringify(fast)} vs reference ${JSON.stringify(reference)}`);
        if (fast.kind === "verified") throw new Error(`${label}: a tampered credential verified`);
        variants++;
      }
    }
    expect(variants).toBeGreaterThan(sample.length * 20);
  }, 600_000);

  test("identical verdicts and checks through verifyCredential, with and without a verification cache", async () => {
    const fetchStatusList = async (url: string) => corpus.statusLists.get(url);
    const cache = createVerificationCache();
    const options = { input: "corpus", documentLoader, now: corpus.now, fetchStatusList };
    const checked = corpus.credentials.slice(0, 200);
    for (const { credential, intent } of checked) {
      const first = await verifyCredential(credential, { ...options, cache });
      const again = await verifyCredential(credential, { ...options, cache });
      expect(again).toEqual(first);
      expect(first.verdict).toBe(intent === "valid" ? "verified" : "failed");
    }
    expect(cache.stats.hits).toBeGreaterThanOrEqual(checked.length);
  }, 600_000);
});

describe("verification cache", () => {
  const fetchStatusList = async (url: string) => corpus.statusLists.get(url);

  test("a re-check skips the proof but still re-checks validity and status", async () => {
    const cache = createVerificationCache();
    const item = corpus.credentials.find((c) => c.intent === "valid" && c.credential.credentialStatus !== undefined)!;
    const first = await verifyCredential(item.credential, {
      input: "x",
      documentLoader,
      now: corpus.now,
      fetchStatusList,
      cache,
    });
    expect(first.verdict).toBe("verified");
    expect(cache.size).toBeGreaterThan(0);
    const hits = cache.stats.hits;
    // Later, the list is unreachable and the clock is past any expiry: the re-check must notice both.
    const later = await verifyCredential(item.credential, {
      input: "x",
      documentLoader,
      now: new Date("2040-01-01T00:00:00Z"),
      cache,
    });
    expect(cache.stats.hits).toBe(hits + 1);
    expect(later.checks.find((c) => c.id === "proof")).toMatchObject({ outcome: "pass" });
    expect(later.checks.find((c) => c.id === "status")).toMatchObject({
      outcome: "indeterminate",
      code: "status-unreachable",
    });
  });

  test("a changed credential misses; a failed proof is never stored; another loader bypasses the cache", async () => {
    const cache = createVerificationCache();
    const { credential } = corpus.credentials[1]!;
    await verifyCredential(credential, { input: "x", documentLoader, now: corpus.now, cache });
    const stored = cache.stats.stored;
    const changed = { ...credential, name: "Something else" };
    const report = await verifyCredential(changed, { input: "x", documentLoader, now: corpus.now, cache });
    expect(report.verdict).toBe("failed");
    expect(cache.stats.stored).toBe(stored);
    const hits = cache.stats.hits;
    await verifyCredential(credential, { input: "x", documentLoader: createDocumentLoader(), now: corpus.now, cache });
    expect(cache.stats.hits).toBe(hits);
  });
});
