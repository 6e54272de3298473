import { describe, expect, it } from "vitest";
import type { SearchHit } from "#search/engine";
import { describeEvidence, explainHit } from "./explain-results";

const hit: SearchHit = {
  id: "c1",
  displayName: "Ada",
  email: "ada@example.com",
  headline: "Engineer",
  verifiedSkills: ["name:teamwork", "onet:15-1252.00", "esco:py", "name:python", "esco:sql", "url:x/cloud"],
  verifiedSkillLabels: [
    "teamwork",
    "Software Developers",
    "Python (computer programming)",
    "python",
    "SQL",
    "cloud computing",
  ],
  claimedSkills: ["name:sql", "name:java"],
  claimedSkillLabels: ["sql", "java"],
  issuers: ["Demo Institute"],
  verifiedSkillCount: 6,
  lastVerifiedAt: 1_767_225_600,
  vskillTrusted: ["url:x/cloud"],
};
const params = { skills: ["esco:sql"], anySkills: ["esco:py"], includeClaimed: false };
const evidence = new Map([
  ["esco:sql", { credentials: 2, registeredIssuer: true, latestYear: 2025 }],
  ["esco:py", { credentials: 1, registeredIssuer: false, latestYear: null }],
]);

describe("explainHit", () => {
  const card = explainHit(hit, params, { evidence, shortlists: [{ id: "l1", name: "Platform team" }] });

  it("puts the searched skills first, each with its evidence strength", () => {
    expect(card.matched).toEqual([
      expect.objectContaining({
        key: "esco:py",
        label: "Python (Computer Programming)",
        evidence: "1 credential · issuer not on the registry",
      }),
      expect.objectContaining({ key: "esco:sql", label: "SQL", evidence: "2 credentials · registered issuer · 2025" }),
    ]);
  });

  it("lists occupations as roles, not skills, and merges near duplicates of what is shown already", () => {
    expect(card.roles).toEqual(["Software Developers"]);
    // "python" is a near duplicate of the matched Python; registered-issuer skills come first.
    expect(card.otherSkills).toEqual([
      { label: "Cloud Computing", registered: true },
      { label: "Teamwork", registered: false },
    ]);
    // "sql" is claimed but shown verified already.
    expect(card.claimed).toEqual(["Java"]);
    expect(card.shortlists).toEqual([{ id: "l1", name: "Platform team" }]);
  });

  it("with claimed skills allowed, a skill that matched only as claimed says so", () => {
    const claimedMatch = explainHit(
      hit,
      { skills: ["name:java"], anySkills: [], includeClaimed: true },
      { evidence, shortlists: [] },
    );
    expect(claimedMatch.matched).toEqual([
      expect.objectContaining({ key: "name:java", label: "Java", verified: false, evidence: "claimed, not verified" }),
    ]);
    expect(claimedMatch.claimed).toEqual([]);
  });
});

describe("describeEvidence", () => {
  it("reads as one short line", () => {
    expect(describeEvidence({ credentials: 3, registeredIssuer: true, latestYear: 2026 })).toBe(
      "3 credentials · registered issuer · 2026",
    );
    expect(describeEvidence(undefined)).toBe("verified");
  });
});
