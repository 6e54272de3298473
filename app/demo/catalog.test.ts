import { canonicalSkillKey } from "#app/skills/normalize";
import { assignDemoAchievements, DEMO_ACHIEVEMENTS, DEMO_CANDIDATES, getDemoAchievement } from "./catalog";

// Identifiers whose ESCO concept was confirmed; the catalog must not use any other ESCO URI.
const CONFIRMED_ESCO = new Set([
  "ccd0a1d9-afda-43d9-b901-96344886e14d", // Python (computer programming)
  "19a8293b-8e95-4de3-983f-77484079c389", // Java (computer programming)
  "3cd569a2-4f88-4c1e-9995-8dce8c5e51a7", // JavaScript
  "598de5b0-5b58-4ea7-8058-a4bc4d18c742", // SQL
  "3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43", // machine learning
  "97bd1c21-66b2-4b7e-ad0f-e3cda590e378", // data analytics
]);

describe("demo catalog", () => {
  test("about fifty candidates with unique ids and @example.com emails", () => {
    expect(DEMO_CANDIDATES.length).toBe(50);
    expect(new Set(DEMO_CANDIDATES.map((c) => c.id)).size).toBe(50);
    expect(new Set(DEMO_CANDIDATES.map((c) => c.email)).size).toBe(50);
    for (const candidate of DEMO_CANDIDATES) {
      expect(candidate.email).toMatch(/^[a-z]+(\.[a-z]+)+@example\.com$/);
      expect(candidate.headline.length).toBeGreaterThan(10);
    }
    expect(DEMO_CANDIDATES.find((c) => c.name === "Tomasz Nowak")?.email).toBe("tomasz.nowak@example.com");
    expect(DEMO_CANDIDATES.find((c) => c.name === "Liam O'Connor")?.email).toBe("liam.oconnor@example.com");
  });

  test("about fifteen achievements, each with a unique slug and usable alignments", () => {
    expect(DEMO_ACHIEVEMENTS.length).toBe(15);
    expect(new Set(DEMO_ACHIEVEMENTS.map((a) => a.slug)).size).toBe(15);
    for (const achievement of DEMO_ACHIEVEMENTS) {
      for (const alignment of achievement.alignments) {
        expect(() => new URL(alignment.targetUrl)).not.toThrow();
        expect(canonicalSkillKey(alignment)).not.toBeNull();
      }
    }
  });

  test("uses only confirmed ESCO URIs, well-formed O*NET codes, and example.org for the rest", () => {
    const alignments = DEMO_ACHIEVEMENTS.flatMap((a) => a.alignments);
    for (const alignment of alignments) {
      const key = canonicalSkillKey(alignment) as string;
      if (key.startsWith("esco:")) expect(CONFIRMED_ESCO.has(key.slice(5))).toBe(true);
      else if (key.startsWith("onet:")) expect(key).toMatch(/^onet:\d{2}-\d{4}\.00$/);
      else expect(new URL(alignment.targetUrl).hostname).toBe("skills.example.org");
    }
    expect(alignments.some((a) => canonicalSkillKey(a)?.startsWith("esco:"))).toBe(true);
    expect(alignments.some((a) => canonicalSkillKey(a)?.startsWith("onet:"))).toBe(true);
  });

  test("assigns 1–3 existing achievements to every candidate, the same way every time", () => {
    const assignments = assignDemoAchievements();
    expect(assignments).toEqual(assignDemoAchievements());
    expect(assignments.map((a) => a.candidateId)).toEqual(DEMO_CANDIDATES.map((c) => c.id));
    for (const { achievementSlugs } of assignments) {
      expect(achievementSlugs.length).toBeGreaterThanOrEqual(1);
      expect(achievementSlugs.length).toBeLessThanOrEqual(3);
      expect(new Set(achievementSlugs).size).toBe(achievementSlugs.length);
      for (const slug of achievementSlugs) expect(getDemoAchievement(slug)).not.toBeNull();
    }
    const counts = new Set(assignments.map((a) => a.achievementSlugs.length));
    expect(counts).toEqual(new Set([1, 2, 3]));
  });
});
