import { readFileSync } from "node:fs";
import type { VerifierReport } from "#app/verification/report";
import { withSkills } from "#app/skills/report-skills";
import { resumeReport, verifyingResumes } from "#app/verification/ler-rs-verify";
import { checkResumeShape, findEmbeddedCredentials, isLerRsType, lerRsKind, MAX_RESUME_SKILLS } from "./ler-rs";
import { itemsFromText } from "./resolved-item";

const resume = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL("../fixtures/ler-rs-resume.json", import.meta.url), "utf8"));

const badge = {
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  type: ["VerifiableCredential", "OpenBadgeCredential"],
  issuer: "did:key:z6MkExample",
  credentialSubject: { type: ["AchievementSubject"], achievement: { type: ["Achievement"], name: "Hydroponics" } },
};

const wrapped = (type: string[], subject: Record<string, unknown>) => ({
  "@context": ["https://www.w3.org/ns/credentials/v2"],
  type,
  issuer: "did:key:z6MkCandidate",
  credentialSubject: subject,
});

describe("recognising LER-RS documents", () => {
  test.each([
    ["the fixture résumé (4.4 type URL)", resume(), "resume"],
    ["a 4.5 type URL", { type: "http://schema.hropenstandards.org/4.5/recruiting/json/LER-RSType.json" }, "resume"],
    ["the short token", { type: "LERRS", skills: [] }, "resume"],
    [
      "no type, but a person and résumé sections",
      { person: { name: { formattedName: "A" } }, skills: ["Welding"] },
      "resume",
    ],
    ["a credential typed LERRS", wrapped(["VerifiableCredential", "LERRS"], { skills: [] }), "credential"],
    ["a credential typed LER-RS", wrapped(["VerifiableCredential", "LER-RS"], { skills: [] }), "credential"],
    [
      "a Trusted Career Profile credential",
      wrapped(["VerifiableCredential", "TrustedCareerProfileCredential"], {}),
      "credential",
    ],
    [
      "a credential whose subject names the LER-RS type",
      wrapped(["VerifiableCredential"], {
        type: "http://schema.hropenstandards.org/4.4/recruiting/json/ler-rs/LER-RSType.json",
      }),
      "credential",
    ],
    ["an Open Badge", badge, null],
    ["JSON that only mentions a résumé", { name: "résumé" }, null],
    ["a JSON Resume (another standard)", { basics: { name: "A" }, skills: [{ name: "Welding" }] }, null],
    [
      "a person with sections but a JSON-LD context",
      { "@context": "https://schema.org", person: {}, skills: [] },
      null,
    ],
    ["a presentation", { type: ["VerifiablePresentation", "LERRS"], verifiableCredential: [] }, null],
    ["not an object", ["LERRS"], null],
  ])("%s", (_label, value, kind) => {
    expect(lerRsKind(value)).toBe(kind);
  });

  test("only HR Open schema URLs count, not any URL that mentions LER-RS", () => {
    expect(isLerRsType("https://www.hropentech.org/4.6/recruiting/json-2020-12/TrustedCareerProfileType.json")).toBe(
      true,
    );
    expect(isLerRsType("https://evil.example/ler-rs/LER-RSType.json")).toBe(false);
  });
});

describe("checkResumeShape", () => {
  test("the fixture is well-formed", () => {
    expect(checkResumeShape(resume())).toEqual([]);
  });

  test.each([
    [
      "skills that are not a list",
      { skills: "Python, SQL" },
      /“skills” should be a list of skills, but it is a string/,
    ],
    [
      "a huge skills list",
      { skills: Array.from({ length: MAX_RESUME_SKILLS + 1 }, (_, i) => `Skill ${i}`) },
      /lists 201 skills; at most 200/,
    ],
    [
      "a skill of the wrong type",
      { skills: ["Welding", 42, null] },
      /skill 2 should be a name .* but it is a number; skill 3 .* empty \(null\)/,
    ],
    [
      "a skill name that is not text",
      { skills: [{ name: { en: "Welding" } }] },
      /skill 1 has a “name” that is an object, not text/,
    ],
    [
      "a section that is not a list",
      { employmentHistories: { organization: "A" } },
      /“employmentHistories” should be a list/,
    ],
    ["an entry that is not an object", { educationAndLearnings: ["Leeds"] }, /education 1 should be an object/],
    [
      "verifications that are not a list",
      { certifications: [{ verifications: "see LinkedIn" }] },
      /“verifications” of certification 1 should be a list/,
    ],
    ["a huge section", { licenses: Array.from({ length: 1000 }, () => ({})) }, /“licenses” has 1,000 entries/],
  ])("%s", (_label, body, problem) => {
    expect(checkResumeShape(body).join("; ")).toMatch(problem);
  });
});

describe("findEmbeddedCredentials", () => {
  test("takes credentials placed directly or under `other`, and counts organisations and references", () => {
    const found = findEmbeddedCredentials({
      verifications: [{ ref: { value: "https://registry.example/1" } }],
      employmentHistories: [{ verifications: [badge, { org: { name: "HR" } }] }],
      certifications: [{}, { verifications: [{ other: "eyJhbGciOiJFZERTQSJ9.e30.c2ln" }] }],
      skills: ["Welding", { name: "SQL", verifications: [badge] }],
    });
    expect(found.credentials.map((c) => c.where)).toEqual([
      "employment history 1, verification 1",
      "certification 2, verification 1",
      "skill 2, verification 1",
    ]);
    expect(found.credentials[1].value).toBe("eyJhbGciOiJFZERTQSJ9.e30.c2ln");
    expect(found.references).toBe(2);
  });
});

describe("resolving a résumé into items", () => {
  test("the résumé is one item and each embedded credential another, each saying where it came from", () => {
    const doc = resume();
    (doc.educationAndLearnings as Array<Record<string, unknown>>)[0].verifications = [badge];
    const items = itemsFromText(JSON.stringify(doc), "resume.json");
    expect(items).toMatchObject([
      { ok: true, kind: "ler-rs", source: "resume.json (item 1 of 2)" },
      { ok: true, kind: "credential", source: "resume.json › education 1, verification 1" },
    ]);
  });

  test("a malformed résumé is refused with a sentence, and its embedded credentials are still read", () => {
    const items = itemsFromText(
      JSON.stringify({
        type: "LERRS",
        skills: { name: "Python" },
        certifications: [{ verifications: [badge, "not a jwt"] }],
      }),
      "paste",
    );
    expect(items).toMatchObject([
      {
        ok: false,
        code: "invalid-resume",
        reason: expect.stringMatching(/none of its skills were recorded: “skills” should be a list/),
      },
      { ok: true, kind: "credential" },
      { ok: false, code: "unrecognised-text" },
    ]);
  });

  test("a résumé nested in a résumé's verifications is refused, not read recursively", () => {
    const depth = 5;
    const text = `${'{"type":"LERRS","verifications":['.repeat(depth)}{"type":"LERRS","skills":["Deepest"]}${"]}".repeat(depth)}`;
    const items = itemsFromText(text, "paste");
    expect(items).toMatchObject([
      { ok: true, kind: "ler-rs" },
      {
        ok: false,
        code: "invalid-resume",
        source: "paste › verification 1",
        reason: "A résumé inside a résumé is not read; submit it on its own.",
      },
    ]);
  });

  test("a résumé whose embedded credential nests thousands of levels deep is refused whole, with a sentence", () => {
    // No credential is that deep: the depth limit in resolved-item.ts answers before anything recurses.
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const text = `{"type":"LERRS","skills":["Welding"],"verifications":[{"type":["VerifiableCredential"],"evidence":${deep}}]}`;
    expect(itemsFromText(text, "paste")).toMatchObject([
      { ok: false, code: "not-json", reason: expect.stringMatching(/nested more than 100 levels deep/) },
    ]);
  });

  test("a résumé inside an array is read like one on its own", () => {
    const items = itemsFromText(JSON.stringify([badge, resume()]), "paste");
    expect(items.map((i) => (i.ok ? i.kind : i.code))).toEqual(["credential", "ler-rs"]);
  });
});

describe("the résumé's report", () => {
  const now = new Date("2026-06-01T12:00:00Z");

  test("an unsigned résumé is never verified: its proof is not applicable and its skills are self-asserted", () => {
    const report = withSkills(resumeReport(resume(), "resume.json", now));
    expect(report.verdict).toBe("indeterminate");
    expect(report.checks.find((c) => c.id === "proof")).toMatchObject({
      outcome: "not-applicable",
      message: expect.stringMatching(/^A résumé is the candidate's own statement; nothing in it is signed/),
    });
    expect(report.checks.find((c) => c.id === "format")?.message).toMatch(
      /1 reference to verification elsewhere, not followed/,
    );
    expect(report.summary).toMatchObject({ format: "ler-rs", achievementName: "Résumé" });
    expect(report.skills.map((s) => s.key)).toEqual([
      "name:greenhouse climate control",
      "esco:ccd0a1d9-afda-43d9-b901-96344886e14d",
      "name:forklift operation",
      "name:integrated pest management",
    ]);
    expect(report.skills.every((s) => s.selfAsserted === true && s.source === "resume")).toBe(true);
  });

  test("the verifier never sees an unsigned résumé, and a signed one keeps its verdict but claims its skills", async () => {
    const seen: unknown[] = [];
    const inner = async (document: unknown): Promise<VerifierReport> => {
      seen.push(document);
      return {
        input: "x",
        verdict: "verified",
        checks: [{ id: "proof", outcome: "pass", code: "ok", message: "Signed." }],
        credentials: [],
        // Whatever the verifier would read skills from in a résumé's subject is replaced by its skills, all self-asserted.
        skillSource: { kind: "credential", credential: { credentialSubject: { achievement: { name: "Welding" } } } },
        summary: { types: ["VerifiableCredential", "LERRS"], format: "vc", issuerId: "did:key:z6MkCandidate" },
        checkedAt: now.toISOString(),
      };
    };
    const verify = verifyingResumes(inner, () => now);
    await verify(resume(), { input: "resume.json" });
    expect(seen).toHaveLength(0);

    const report = withSkills(
      await verify(JSON.stringify(wrapped(["VerifiableCredential", "LERRS"], { skills: ["Python"] })), { input: "vc" }),
    );
    expect(seen).toHaveLength(1);
    expect(report.verdict).toBe("verified");
    expect(report.summary).toMatchObject({
      format: "ler-rs",
      achievementName: "Résumé",
      issuerId: "did:key:z6MkCandidate",
    });
    expect(report.skills).toEqual([expect.objectContaining({ key: "name:python", selfAsserted: true })]);

    const other = withSkills(await verify(badge, { input: "badge" }));
    expect(other.skills).toEqual([expect.objectContaining({ key: "name:welding" })]);
    expect(other.summary?.format).toBe("vc");
  });
});
