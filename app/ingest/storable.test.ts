import type { DatabaseHandle } from "#db/client.server";
import { credentials, credentialSkills } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import type { ExtractedSkill, VerificationReport } from "#app/verification/report";
import { storeVerifiedCredential } from "./submit.server";
import { jsonNestsDeeperThan } from "./json-depth";
import { parseSubmittedText } from "./resolvers/submitted-text";
import { toStorableJson, toStorableText } from "./storable";

describe("toStorableText / toStorableJson", () => {
  test("NUL and lone surrogates become U+FFFD; everything else is unchanged", () => {
    expect(toStorableText("a\u0000b\ud800c\udc00d")).toBe("a\uFFFDb\uFFFDc\uFFFDd");
    expect(toStorableText("emoji 💥 and ünïcode")).toBe("emoji 💥 and ünïcode");
    const clean = { a: ["x", { b: "y" }], n: 1 };
    expect(toStorableJson(clean)).toBe(clean);
    expect(toStorableJson({ "k\u0000": ["\ud800", { id: "x\u0000" }], n: 1 })).toEqual({
      "k\uFFFD": ["\uFFFD", { id: "x\uFFFD" }],
      n: 1,
    });
  });
});

describe("nesting depth", () => {
  test("counts brackets outside strings only", () => {
    expect(jsonNestsDeeperThan(`${"[".repeat(101)}${"]".repeat(101)}`)).toBe(true);
    expect(jsonNestsDeeperThan(`${"[".repeat(100)}${"]".repeat(100)}`)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify({ s: "[".repeat(500), t: 'a\\"[[[' }))).toBe(false);
  });

  test("a submission nested 100,000 levels deep is refused with a sentence, not a crash", () => {
    for (const text of [
      `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
      `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`,
    ]) {
      const [item] = parseSubmittedText(text, "deep.json");
      expect(item).toMatchObject({ ok: false });
      expect(JSON.stringify(item)).toMatch(/nested more than 100 levels/);
    }
  });
});

describe.each(testDatabaseKinds())("storing hostile credentials on $name", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await kind.open();
  });
  afterAll(() => handle?.close());

  test("an id with NUL and a lone surrogate, and 7,500 skills, are stored instead of failing with a 500", async () => {
    const report: VerificationReport = {
      input: "hostile.json",
      verdict: "failed",
      checks: [{ id: "proof", outcome: "fail", code: "signature-mismatch", message: "The signature does not match." }],
      credentials: [],
      skills: Array.from({ length: 7_500 }, (_, i): ExtractedSkill => ({
        key: `name:skill-${i}`,
        label: `Skill ${i}`,
        mapping: "name",
        source: "alignment",
      })),
      summary: {
        types: ["VerifiableCredential"],
        format: "obv3",
        id: "urn:x\u0000\ud800",
        issuerId: "did:key:z\u0000",
        issuerName: "Evil\u0000",
      } as VerificationReport["summary"],
      checkedAt: new Date().toISOString(),
    };
    const outcome = await storeVerifiedCredential(
      { db: handle.db, now: () => new Date() },
      { name: "Nul\u0000 Person", email: "nul@example.test", consent: true },
      { raw: '{"id":"urn:x\\u0000"}', source: "hostile\u0000.json" },
      report,
    );
    expect(outcome).toMatchObject({ status: "stored", duplicate: false });
    const [row] = await handle.db.select().from(credentials);
    expect(row.documentId).toBe("urn:x\uFFFD\uFFFD");
    const skills = await handle.db.select().from(credentialSkills);
    expect(skills).toHaveLength(7_500);
  });
});
