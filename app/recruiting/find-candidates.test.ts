import { parseCandidateSearchParams, resolveSkillInput } from "./find-candidates.server";

describe("parseCandidateSearchParams", () => {
  it("reads text, repeated skills and the page from the URL", () => {
    const params = parseCandidateSearchParams(
      new URL("http://x/search?q=%20nurse%20&skill=esco:1&skill=onet:29-1141.00&skill=esco:1&page=3"),
    );
    expect(params).toEqual({ q: "nurse", skills: ["esco:1", "onet:29-1141.00"], page: 3 });
  });

  it.each(["0", "-2", "abc", ""])("treats page=%s as the first page", (page) => {
    expect(parseCandidateSearchParams(new URL(`http://x/search?page=${page}`)).page).toBe(1);
  });
});

describe("resolveSkillInput", () => {
  const options = [
    { key: "esco:abc", label: "Python (computer programming)", candidates: 3 },
    { key: "name:sql", label: "SQL", candidates: 2 },
  ];

  it("matches a label ignoring case, or an exact key", () => {
    expect(resolveSkillInput("sql", options)).toBe("name:sql");
    expect(resolveSkillInput(" Python (computer programming) ", options)).toBe("esco:abc");
    expect(resolveSkillInput("ESCO:ABC", options)).toBe("esco:abc");
  });

  it("returns null rather than guessing", () => {
    expect(resolveSkillInput("Pyth", options)).toBeNull();
    expect(resolveSkillInput("   ", options)).toBeNull();
  });
});
