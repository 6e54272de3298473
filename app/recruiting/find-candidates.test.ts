import type { SearchEngine } from "#search/engine";
import { resolveSkill } from "./find-candidates.server";
import { parseCandidateSearchParams, toSearchQueryString } from "./search-params";

describe("parseCandidateSearchParams", () => {
  it("reads text, repeated skills and the page from the URL", () => {
    const params = parseCandidateSearchParams(
      new URL("http://x/search?q=%20nurse%20&skill=esco:1&skill=onet:29-1141.00&skill=esco:1&page=3"),
    );
    expect(params).toMatchObject({ q: "nurse", skills: ["esco:1", "onet:29-1141.00"], page: 3 });
  });

  it("round-trips every filter through the query string, so a search is a shareable link", () => {
    const query =
      "?q=welder&skill=esco%3A1&skill=name%3Atig&any=onet%3A51-4121.06&not=name%3Amig&claimed=1&trusted=1&issuer=Acme+College" +
      "&format=obv3&type=Certificate&since=2026-01-31&sort=lastVerifiedAt&page=2";
    const params = parseCandidateSearchParams(new URL(`http://x/search${query}`));
    expect(params).toEqual({
      q: "welder",
      skills: ["esco:1", "name:tig"],
      anySkills: ["onet:51-4121.06"],
      excludedSkills: ["name:mig"],
      includeClaimed: true,
      trustedOnly: true,
      issuers: ["Acme College"],
      formats: ["obv3"],
      achievementTypes: ["Certificate"],
      since: "2026-01-31",
      sort: "lastVerifiedAt",
      page: 2,
    });
    expect(toSearchQueryString(params)).toBe(query);
  });

  it("ignores values it does not understand rather than failing", () => {
    const params = parseCandidateSearchParams(new URL("http://x/search?since=yesterday&sort=random&claimed=yes"));
    expect(params).toMatchObject({ since: "", sort: "relevance", includeClaimed: false });
    expect(toSearchQueryString(params)).toBe("");
  });

  it.each(["0", "-2", "abc", ""])("treats page=%s as the first page", (page) => {
    expect(parseCandidateSearchParams(new URL(`http://x/search?page=${page}`)).page).toBe(1);
  });
});

describe("resolveSkill", () => {
  const catalog = { skills: [], aliases: [] };

  it("falls back to the engine's current skills when the cached pick list does not know the name yet", async () => {
    const search = {
      suggestSkills: async () => [{ key: "url:skills.example.org/new", label: "Brand New Skill", count: 1 }],
    };
    const resolved = await resolveSkill({ search: search as unknown as SearchEngine }, "brand new skill", catalog);
    expect(resolved).toMatchObject({ status: "resolved", key: "url:skills.example.org/new" });
  });

  it("a miss the engine cannot help with stays a miss", async () => {
    const search = { suggestSkills: async () => [] };
    expect(await resolveSkill({ search: search as unknown as SearchEngine }, "brand", catalog)).toMatchObject({
      status: "miss",
    });
  });
});
