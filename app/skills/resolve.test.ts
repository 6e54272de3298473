import { describe, expect, it } from "vitest";
import { SEED_ALIASES } from "./alias-seed";
import { normalizeSkillText } from "./normalize";
import { rankSkillOptions, resolveSkillText, type SkillCatalog } from "./resolve";

const PYTHON = "esco:ccd0a1d9-afda-43d9-b901-96344886e14d";
const JAVASCRIPT = "esco:3cd569a2-4f88-4c1e-9995-8dce8c5e51a7";
const JAVA = "esco:19a8293b-8e95-4de3-983f-77484079c389";
const ML = "esco:3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43";
const ANALYTICS = "esco:97bd1c21-66b2-4b7e-ad0f-e3cda590e378";

/** The demo data's skills (app/demo/catalog.ts) with the shipped aliases, as the search page sees them. */
const catalog: SkillCatalog = {
  skills: [
    { key: PYTHON, label: "Python (computer programming)", candidates: 14 },
    { key: JAVASCRIPT, label: "JavaScript", candidates: 9 },
    { key: JAVA, label: "Java (computer programming)", candidates: 7 },
    { key: ML, label: "machine learning", candidates: 4 },
    { key: ANALYTICS, label: "data analytics", candidates: 11 },
    { key: "url:skills.example.org/data-visualisation", label: "Data visualisation", candidates: 5 },
    { key: "onet:15-2051.00", label: "Data Scientists", candidates: 8 },
    { key: "url:skills.example.org/network-security", label: "Network security", candidates: 6 },
    { key: "url:skills.example.org/risk-management", label: "Risk management", candidates: 3 },
    { key: "url:skills.example.org/project-management", label: "Project management", candidates: 5 },
  ],
  aliases: SEED_ALIASES.map((a) => ({ text: normalizeSkillText(a.text), key: a.key, label: a.label })),
};

const keyOf = (typed: string) => {
  const result = resolveSkillText(typed, catalog);
  return result.status === "resolved" ? result.key : null;
};

describe("resolveSkillText", () => {
  it("resolves what the issue's recruiter typed: python, Python, js, ML, excel and data analysis", () => {
    expect(keyOf("python")).toBe(PYTHON);
    expect(keyOf("Python")).toBe(PYTHON);
    expect(keyOf("  PYTHON ")).toBe(PYTHON);
    expect(keyOf("js")).toBe(JAVASCRIPT);
    expect(keyOf("ML")).toBe(ML);
    // Nobody in the catalog holds Excel: the alias still names the skill, and the search then finds nobody.
    expect(resolveSkillText("excel", catalog)).toEqual({
      status: "resolved",
      key: "name:microsoft excel",
      label: "Microsoft Excel",
      by: "alias",
    });
    expect(keyOf("data analysis")).toBe(ANALYTICS);
  });

  it("says which rule matched: key, alias, label, unique prefix, words inside a label", () => {
    expect(resolveSkillText(PYTHON.toUpperCase(), catalog)).toMatchObject({ key: PYTHON, by: "key" });
    expect(resolveSkillText("k8s", catalog)).toMatchObject({ key: "name:kubernetes", by: "alias" });
    expect(resolveSkillText("data SCIENTISTS", catalog)).toMatchObject({ key: "onet:15-2051.00", by: "label" });
    expect(resolveSkillText("Java (Computer Programming)", { skills: catalog.skills, aliases: [] })).toMatchObject({
      key: JAVA,
      by: "label",
    });
    expect(resolveSkillText("network", catalog)).toMatchObject({
      key: "url:skills.example.org/network-security",
      by: "prefix",
    });
    expect(resolveSkillText("javas", catalog)).toMatchObject({ key: JAVASCRIPT, by: "prefix" });
    expect(resolveSkillText("learning", catalog)).toMatchObject({ key: ML, by: "words" });
    expect(resolveSkillText("security", catalog)).toMatchObject({
      key: "url:skills.example.org/network-security",
      by: "words",
    });
  });

  it("uses the label without its qualifier when no alias exists", () => {
    expect(resolveSkillText("python", { skills: catalog.skills, aliases: [] })).toMatchObject({
      key: PYTHON,
      by: "label",
    });
  });

  it("an ambiguous prefix or word is a miss that offers the candidates, most held first", () => {
    const result = resolveSkillText("management", catalog);
    expect(result.status).toBe("miss");
    expect(result.status === "miss" && result.suggestions.map((s) => s.label)).toEqual([
      "Project management",
      "Risk management",
    ]);
    const data = resolveSkillText("dat", catalog);
    expect(data.status === "miss" && data.suggestions[0]?.key).toBe(ANALYTICS);
  });

  it("a typo is a miss with 'did you mean' suggestions, never resolved on its own", () => {
    const result = resolveSkillText("pyhton", catalog);
    expect(result.status).toBe("miss");
    expect(result.status === "miss" && result.suggestions[0]?.key).toBe(PYTHON);
    const far = resolveSkillText("underwater basket weaving", catalog);
    expect(far).toEqual({ status: "miss", typed: "underwater basket weaving", suggestions: [] });
    expect(resolveSkillText("  !!  ", catalog)).toEqual({ status: "miss", typed: "!!", suggestions: [] });
  });
});

describe("rankSkillOptions", () => {
  it("puts the alias's skill first and says which alias matched", () => {
    const options = rankSkillOptions("js", catalog);
    expect(options[0]).toMatchObject({ key: JAVASCRIPT, alias: "js" });
  });

  it("offers labels that start with the text before labels that only contain its words", () => {
    const options = rankSkillOptions("data", catalog).map((o) => o.label);
    expect(options.slice(0, 3)).toEqual(["data analytics", "Data Scientists", "Data visualisation"]);
    expect(rankSkillOptions("learn", catalog).map((o) => o.key)).toEqual([ML]);
    expect(rankSkillOptions("", catalog)).toEqual([]);
  });

  it("keeps to the limit and lists each skill once", () => {
    const options = rankSkillOptions("java", catalog, 2);
    expect(options).toHaveLength(2);
    expect(new Set(options.map((o) => o.key)).size).toBe(2);
  });
});
