import { damerauLevenshtein, skillSimilarity, suggestAliases } from "./fuzzy";

describe("damerauLevenshtein", () => {
  test.each([
    ["", "", 0],
    ["abc", "", 3],
    ["kitten", "sitting", 3],
    ["ca", "ac", 1], // one transposition
    ["javascrpit", "javascript", 1],
    ["café", "cafe", 1], // by code point, not byte
  ])("%j ↔ %j = %i", (a, b, d) => {
    expect(damerauLevenshtein(a, b)).toBe(d);
    expect(damerauLevenshtein(b, a)).toBe(d);
  });
});

describe("skillSimilarity", () => {
  test.each([
    ["Python", "python®", 1],
    ["Project Managment", "project management", 1 - 1 / 18],
    ["learning machine", "Machine Learning", 1], // same words, other order
    ["Java", "JavaScript", 0.4],
    ["", "Python", 0],
  ])("%j ~ %j", (a, b, score) => {
    expect(skillSimilarity(a, b)).toBeCloseTo(score, 5);
  });
});

describe("suggestAliases", () => {
  const known = [
    { key: "esco:js", label: "JavaScript" },
    { key: "esco:java", label: "Java (computer programming)" },
    { key: "name:project management", label: "Project management" },
    { key: "name:data analysis", label: "Data analysis" },
    { key: "name:data analyst", label: "Data analyst" },
  ];

  test("typos and word order find their skill, best first", () => {
    expect(suggestAliases(["Javascrpit", "Project Managment", "analysis data"], known, 3)).toEqual([
      {
        rawLabel: "Javascrpit",
        aliasText: "javascrpit",
        suggestedKey: "esco:js",
        suggestedLabel: "JavaScript",
        score: 0.9,
      },
      {
        rawLabel: "Project Managment",
        aliasText: "project managment",
        suggestedKey: "name:project management",
        suggestedLabel: "Project management",
        score: 0.944,
      },
      {
        rawLabel: "analysis data",
        aliasText: "analysis data",
        suggestedKey: "name:data analysis",
        suggestedLabel: "Data analysis",
        score: 1,
      },
    ]);
  });

  test("limit caps suggestions per label", () => {
    const all = suggestAliases(["data analyis"], known, 5);
    expect(all.map((s) => s.suggestedKey)).toEqual(["name:data analysis", "name:data analyst"]);
    expect(suggestAliases(["data analyis"], known, 1).map((s) => s.suggestedKey)).toEqual(["name:data analysis"]);
  });

  test("nothing below the threshold, no self-suggestion, each text once", () => {
    expect(suggestAliases(["Java"], known, 3)).toEqual([]); // "Java" is not "JavaScript"
    expect(suggestAliases(["Project management"], known, 3)).toEqual([]); // it is that skill already
    expect(suggestAliases(["Javascrpit", "javascrpit!"], known, 3)).toHaveLength(1);
    expect(suggestAliases(["", "®"], known, 3)).toEqual([]);
  });
});
