import { MAX_FACET_VALUES, compareByDefaultOrder, normalizeQuery, toFacetCounts } from "#search/query";

describe("normalizeQuery", () => {
  test("applies defaults", () => {
    expect(normalizeQuery({})).toEqual({
      q: "",
      verifiedSkills: [],
      anySkills: [],
      excludedSkills: [],
      includeClaimed: false,
      trustedOnly: false,
      issuers: [],
      achievementTypes: [],
      formats: [],
      verifiedSince: null,
      sort: "relevance",
      limit: 20,
      offset: 0,
    });
  });

  test("trims the text, and a text without a letter or digit is no text query", () => {
    expect(normalizeQuery({ q: "  Ada  " }).q).toBe("Ada");
    expect(normalizeQuery({ q: " !!! -- " }).q).toBe("");
    expect(normalizeQuery({ q: "C++" }).q).toBe("C++");
  });

  test("drops empty and duplicate keys but keeps their case and spelling", () => {
    expect(normalizeQuery({ verifiedSkills: ["esco:A", "", "esco:A", "esco:a"] }).verifiedSkills).toEqual([
      "esco:A",
      "esco:a",
    ]);
  });

  test.each([{ limit: -1 }, { limit: 1.5 }, { offset: -3 }, { offset: Number.NaN }])("rejects %o", (query) => {
    expect(() => normalizeQuery(query)).toThrow(RangeError);
  });
});

describe("toFacetCounts", () => {
  test("sorts by count descending, then value, and drops zero counts", () => {
    const counts = toFacetCounts([
      ["b", 2],
      ["c", 5],
      ["a", 2],
      ["z", 0],
    ]);
    expect(Object.entries(counts)).toEqual([
      ["c", 5],
      ["a", 2],
      ["b", 2],
    ]);
  });

  test(`keeps the ${MAX_FACET_VALUES} most frequent values`, () => {
    const counts = toFacetCounts(Array.from({ length: 150 }, (_, i) => [`v${String(i).padStart(3, "0")}`, i]));
    const entries = Object.entries(counts);
    expect(entries).toHaveLength(MAX_FACET_VALUES);
    expect(entries[0]).toEqual(["v149", 149]);
    expect(entries.at(-1)).toEqual(["v050", 50]);
  });
});

describe("compareByDefaultOrder", () => {
  test("most verified skills, then most recent, then id", () => {
    const docs = [
      { id: "b", verifiedSkillCount: 1, lastVerifiedAt: 5 },
      { id: "a", verifiedSkillCount: 1, lastVerifiedAt: 5 },
      { id: "c", verifiedSkillCount: 1, lastVerifiedAt: 9 },
      { id: "d", verifiedSkillCount: 3, lastVerifiedAt: 0 },
    ];
    expect(docs.sort(compareByDefaultOrder).map((doc) => doc.id)).toEqual(["d", "c", "a", "b"]);
  });
});
