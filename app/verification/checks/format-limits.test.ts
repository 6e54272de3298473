import { readFileSync } from "node:fs";
import { createDocumentLoader } from "../document-loader.server";
import { verifyCredential } from "../verify.server";
import { checkFormat } from "./format";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/outcomes/${name}`, import.meta.url), "utf8"));
const valid = fixture("valid-eddsa-rdfc-2022.json");
const V2 = "https://www.w3.org/ns/credentials/v2";

/** Found by `npm run stress -- malformed`: 10,000 contexts took 44 s to verify, 200 kB context URLs about 14 s. */
describe("an oversized @context is refused before JSON-LD sees it", () => {
  test.each([
    ["10,000 contexts", Array.from({ length: 10_000 }, () => V2)],
    ["a 200 kB context URL", [V2, `https://example.org/${"a".repeat(200_000)}`]],
  ])("%s", (_label, contexts) => {
    const result = checkFormat({ ...valid, "@context": contexts });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.check).toMatchObject({
      code: "invalid-context",
      message: expect.stringMatching(/far larger than any real credential/),
    });
  });

  test("a real credential's contexts pass", () => {
    expect(checkFormat(valid).ok).toBe(true);
  });
});

describe("a list far longer than real credentials hold is refused before JSON-LD sees it", () => {
  const withAlignments = (n: number) => {
    const copy = structuredClone(valid);
    copy.credentialSubject.achievement.alignment = Array.from({ length: n }, (_, i) => ({
      type: ["Alignment"],
      targetName: `Skill ${i}`,
      targetUrl: `https://skills.example.org/${i}`,
    }));
    return copy;
  };

  test("1,000 alignments: refused with a sentence naming the list", () => {
    const result = checkFormat(withAlignments(1_000));
    expect(!result.ok && result.check).toMatchObject({
      code: "too-many-items",
      message:
        "The credential holds a list of 1000 entries (credentialSubject.achievement.alignment); real credentials hold tens, at most 200, so Attest did not process it.",
    });
  });

  test("50 alignments pass (the control)", () => {
    expect(checkFormat(withAlignments(50)).ok).toBe(true);
  });
});

/**
 * Also from the malformed scenario: a null after the VC contexts made JSON-LD give up ("tried to nullify a
 * context with protected terms"), which the report could only call "an unexpected error".
 */
describe("an @context entry that is not a URL or an object is refused with a sentence", () => {
  test.each([
    [
      "ending in null",
      [...valid["@context"], null],
      /contains an empty \(null\) entry, which would erase the vocabulary/,
    ],
    ["with a null between contexts", [V2, null, ...valid["@context"].slice(1)], /contains an empty \(null\) entry/],
    ["with a nested list", [...valid["@context"], [null]], /contains an entry that is neither a URL nor an object/],
    ["with a number", [...valid["@context"], 0], /contains an entry that is neither a URL nor an object/],
  ])("%s", (_label, contexts, message) => {
    const result = checkFormat({ ...valid, "@context": contexts });
    expect(!result.ok && result.check).toMatchObject({
      outcome: "fail",
      code: "invalid-context",
      message: expect.stringMatching(message),
    });
  });

  test("inline context objects are still left to JSON-LD", () => {
    expect(
      checkFormat({ ...valid, "@context": [...valid["@context"], { nickname: "https://schema.org/alternateName" }] })
        .ok,
    ).toBe(true);
  });
});

/** Presentations skip checkFormat; their own @context went to JSON-LD uncapped (10,000 entries took about a minute). */
describe("a presentation's own @context is held to the same limits", () => {
  const vp = fixture("vp-valid.json");
  const verify = (document: unknown) =>
    verifyCredential(document, {
      input: "test",
      documentLoader: createDocumentLoader(),
      now: new Date("2026-01-01T00:00:00Z"),
    });

  test.each([
    [
      "100 contexts",
      Array.from({ length: 100 }, () => V2),
      /presentation's @context is far larger than any real presentation's/,
    ],
    ["ending in null", [...vp["@context"], null], /presentation's @context contains an empty \(null\) entry/],
  ])("%s", async (_label, contexts, message) => {
    const report = await verify({ ...vp, "@context": contexts });
    expect(report.verdict).toBe("failed");
    expect(report.checks[0]).toMatchObject({
      id: "format",
      outcome: "fail",
      code: "invalid-context",
      message: expect.stringMatching(message),
    });
    expect(report.checks.find((c) => c.id === "proof")).toMatchObject({
      outcome: "indeterminate",
      code: "not-checked",
    });
  });

  test("a real presentation still verifies", async () => {
    expect((await verify(vp)).verdict).toBe("verified");
  });
});
