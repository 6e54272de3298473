import type { ExtractedSkill } from "#app/verification/report";
import { SEED_ALIASES } from "./alias-seed";
import { applyAliases, isSkillKey, type AliasMap } from "./aliases";
import { extractSelfAssertedSkills, extractSkills } from "./extract";
import { suggestAliases } from "./fuzzy";
import { normalizeSkillText } from "./normalize";

const JS = "esco:3cd569a2-4f88-4c1e-9995-8dce8c5e51a7";
const PY = "esco:ccd0a1d9-afda-43d9-b901-96344886e14d";
const aliases: AliasMap = new Map([
  ["js", { key: JS, label: "JavaScript" }],
  ["javascript", { key: JS, label: "JavaScript" }],
  ["project mgmt", { key: "name:project management", label: "Project management" }],
]);
const named = (label: string, source: ExtractedSkill["source"] = "tag"): ExtractedSkill => ({
  key: `name:${normalizeSkillText(label)}`,
  label,
  mapping: "name",
  source,
});

describe("applyAliases", () => {
  test.each<[string, ExtractedSkill[], Array<[key: string, mappedBy: string, label: string, rawLabel: string]>]>([
    ["no aliases apply", [named("Teamwork")], [["name:teamwork", "name", "Teamwork", "Teamwork"]]],
    [
      "a name-mapped skill takes the alias's key and label, keeping its raw label",
      [named("JS.")],
      [[JS, "alias", "JavaScript", "JS."]],
    ],
    [
      "matching is on normalised text",
      [named("Project  Mgmt®")],
      [["name:project management", "alias", "Project management", "Project  Mgmt®"]],
    ],
    [
      "an alias never overrides a framework code",
      [{ key: "esco:0000", label: "js", mapping: "code", source: "alignment" }],
      [["esco:0000", "code", "js", "js"]],
    ],
    [
      "an alias never overrides a target URL",
      [
        {
          key: "url:example.org/js",
          label: "JS",
          mapping: "url",
          targetUrl: "https://example.org/js",
          source: "alignment",
        },
      ],
      [["url:example.org/js", "url", "JS", "JS"]],
    ],
    [
      "two aliases to one key become one skill",
      [named("js"), named("JavaScript", "achievement")],
      [[JS, "alias", "JavaScript", "js"]],
    ],
    [
      "a code mapping beats an alias to the same key, in the first one's place",
      [named("js"), named("Teamwork"), { key: JS, label: "JavaScript (ESCO)", mapping: "code", source: "alignment" }],
      [
        [JS, "code", "JavaScript (ESCO)", "JavaScript (ESCO)"],
        ["name:teamwork", "name", "Teamwork", "Teamwork"],
      ],
    ],
    [
      "an alias beats a plain name with the same key",
      [named("project management"), named("project mgmt")],
      [["name:project management", "alias", "Project management", "project mgmt"]],
    ],
  ])("%s", (_label, skills, expected) => {
    expect(applyAliases(skills, aliases).map((s) => [s.key, s.mappedBy, s.label, s.rawLabel])).toEqual(expected);
  });

  test("extra fields (self-asserted, provenance) are carried through", () => {
    const [skill] = applyAliases(extractSelfAssertedSkills({ skills: ["JS"] }), aliases);
    expect(skill).toEqual({
      key: JS,
      label: "JavaScript",
      mapping: "name",
      source: "resume",
      selfAsserted: true,
      mappedBy: "alias",
      rawLabel: "JS",
    });
  });

  test("works on extractor output end to end", () => {
    const credential = {
      credentialSubject: { achievement: { name: "Web", achievementType: "Course", tag: ["js", "Project mgmt"] } },
    };
    expect(applyAliases(extractSkills(credential), aliases).map((s) => s.key)).toEqual([JS, "name:project management"]);
  });

  test("a fuzzy match is only a suggestion: applyAliases does not apply it", () => {
    const skills = [named("Javascrpit")];
    const [suggestion] = suggestAliases(["Javascrpit"], [{ key: JS, label: "JavaScript" }], 1);
    expect(suggestion).toMatchObject({ aliasText: "javascrpit", suggestedKey: JS });
    expect(applyAliases(skills, aliases).map((s) => [s.key, s.mappedBy])).toEqual([["name:javascrpit", "name"]]);
    // Confirming it (a person adding the alias) is what makes it apply.
    const confirmed = new Map(aliases).set(suggestion!.aliasText, {
      key: suggestion!.suggestedKey,
      label: suggestion!.suggestedLabel,
    });
    expect(applyAliases(skills, confirmed).map((s) => [s.key, s.mappedBy])).toEqual([[JS, "alias"]]);
  });
});

describe("SEED_ALIASES", () => {
  test("about sixty aliases, each with a valid key and a label", () => {
    expect(SEED_ALIASES.length).toBeGreaterThanOrEqual(55);
    for (const alias of SEED_ALIASES) {
      expect(isSkillKey(alias.key), alias.key).toBe(true);
      expect(alias.label.trim()).not.toBe("");
    }
  });

  test("alias texts are distinct once normalised, and none is a no-op", () => {
    const texts = SEED_ALIASES.map((a) => normalizeSkillText(a.text));
    expect(new Set(texts).size).toBe(texts.length);
    expect(SEED_ALIASES.filter((a) => a.key === `name:${normalizeSkillText(a.text)}`)).toEqual([]);
  });

  test("name keys are in normalised form, so credentials that spell the skill out meet the alias", () => {
    for (const alias of SEED_ALIASES.filter((a) => a.key.startsWith("name:"))) {
      expect(alias.key).toBe(`name:${normalizeSkillText(alias.key.slice(5))}`);
    }
  });

  test.each([
    ["js", JS],
    ["ECMAScript", JS],
    ["py", PY],
    ["ML", "esco:3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43"],
    ["Structured Query Language", "esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742"],
    ["Project Mgmt.", "name:project management"],
    ["CPR", "name:cardiopulmonary resuscitation"],
    ["BLS", "name:basic life support"],
  ])("%s → %s", (text, key) => {
    expect(SEED_ALIASES.find((a) => normalizeSkillText(a.text) === normalizeSkillText(text))?.key).toBe(key);
  });

  test("ESCO keys are only those the demo catalog already uses", async () => {
    const { DEMO_ACHIEVEMENTS } = await import("#app/demo/catalog");
    const catalogKeys = new Set(
      DEMO_ACHIEVEMENTS.flatMap((a) => a.alignments).flatMap((al) => {
        const m = /esco\/skill\/([0-9a-f-]+)$/.exec(al.targetUrl);
        return m ? [`esco:${m[1]}`] : [];
      }),
    );
    for (const alias of SEED_ALIASES.filter((a) => a.key.startsWith("esco:")))
      expect(catalogKeys.has(alias.key), alias.key).toBe(true);
  });
});
