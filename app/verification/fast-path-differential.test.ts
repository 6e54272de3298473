/**
 * The fast path against the reference path on generated adversarial documents (fixtures/differential.server.ts),
 * and the two gaps a differential fuzzer found in it: Unicode spaces inside IRIs, and a probe token planted in a
 * document. `npm run stress -- forgery` runs the generated cases longer.
 */
import jsonld from "jsonld";
import { createDifferential, JS_WHITESPACE, runFastPathDifferential } from "./fixtures/differential.server";
import { isPassThroughIri } from "./fast-canonize.server";

const SEED = 20261204;
const RUNS = Number(process.env.ATTEST_DIFFERENTIAL_RUNS ?? 120);

const isAbsoluteForJsonld = (jsonld as unknown as { url: { isAbsolute(value: string): boolean } }).url.isAbsolute;

describe("the pass-through IRI check", () => {
  test("accepts no code point that jsonld.js's own absolute-IRI test refuses", () => {
    const accepted: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue; // not code points of their own; lone ones are tested below
      const iri = `https://example.org/a${String.fromCodePoint(cp)}b`;
      if (!isPassThroughIri(iri)) continue;
      accepted.push(cp);
      if (!isAbsoluteForJsonld(iri))
        throw new Error(
          `U+${cp.toString(16).toUpperCase().padStart(4, "0")} passes the fast path's check but jsonld.js refuses it`,
        );
    }
    // It does accept ordinary IRI characters (the check is not vacuous).
    expect(accepted.length).toBeGreaterThan(60_000);
  });

  test.each(JS_WHITESPACE.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`, c]))(
    "refuses %s inside an IRI",
    (_name, c) => {
      expect(isPassThroughIri(`https://example.org/a${c}b`)).toBe(false);
    },
  );

  test("refuses lone surrogates", () => {
    expect(isPassThroughIri("https://example.org/\ud800")).toBe(false);
    expect(isPassThroughIri("https://example.org/\udc00")).toBe(false);
  });
});

describe("gaps found by differential fuzzing", () => {
  test("an achievement id with U+00A0, signed over the fast path's N-Quads, verifies on neither path", async () => {
    const differential = await createDifferential();
    // Shape 0's leaves: id, type×2, name, issuer.id, issuer.type, issuer.name, validFrom, subject.type,
    // achievement.id (9), …; the first (clean) document teaches and validates the template.
    const found = await differential.check({
      shape: 0,
      first: [],
      signed: [{ leaf: 9, value: "https://example.org/a\u00a0b" }],
      tamper: { leaf: 3, value: "Data Analysis" },
    });
    expect(found).toEqual([]);
    expect(differential.figures.proofComparisons).toBe(3);
  });

  test("a type planted with the probe token's text cannot stand for another value", async () => {
    const differential = await createDifferential();
    const token = "urn:x-attest-slot:0";
    // The attacker's first document: id and a type both equal to the token text. The issuer signs a credential
    // whose type equals its own id; the attacker swaps that type for the token text.
    const found = await differential.check({
      shape: 0,
      first: [
        { leaf: 0, value: token },
        { leaf: 2, value: token },
      ],
      signed: [{ leaf: 2, value: "\u0000own-id\u0000" }],
      tamper: { leaf: 2, value: token },
    });
    expect(found).toEqual([]);
    expect(differential.figures.proofComparisons).toBe(3);
  });
});

describe("fast and reference paths on generated adversarial documents", () => {
  test(`agree on N-Quads and proof findings (${RUNS} cases, seed ${SEED})`, async () => {
    const figures = await runFastPathDifferential({ seed: SEED, runs: RUNS });
    expect(figures.disagreements).toEqual([]);
    expect(figures.cases).toBe(RUNS);
    // The fast path really answered (from templates), so the comparison is not of the reference with itself.
    expect(figures.fastAnswers).toBeGreaterThan(RUNS / 4);
    expect(figures.proofComparisons).toBeGreaterThan(RUNS);
  }, 300_000);
});
