import { extractBadgeClassSkills, extractSelfAssertedSkills, extractSkills, MAX_SELF_ASSERTED_SKILLS } from "./extract";

const PYTHON_ESCO = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d";

const badge = (achievement: Record<string, unknown>) => ({
  type: ["VerifiableCredential", "OpenBadgeCredential"],
  credentialSubject: { type: ["AchievementSubject"], achievement: { type: ["Achievement"], ...achievement } },
});

describe("extractSkills", () => {
  test.each([
    ["not an object", "hello", []],
    ["no subject", { type: ["VerifiableCredential"] }, []],
    ["a subject without achievement", { credentialSubject: { id: "did:example:1" } }, []],
    [
      "alignments become skills, in order",
      badge({
        name: "Python Programming",
        alignment: [
          { targetName: "Python (computer programming)", targetUrl: PYTHON_ESCO },
          {
            targetName: "Software Developers",
            targetCode: "15-1252.00",
            targetUrl: "https://www.onetonline.org/link/summary/15-1252.00",
          },
        ],
      }),
      ["esco:ccd0a1d9-afda-43d9-b901-96344886e14d", "onet:15-1252.00"],
    ],
    [
      "a Competency adds its own name beside its alignments",
      badge({
        name: "Python Programming",
        achievementType: "Competency",
        alignment: [{ targetName: "Python", targetUrl: PYTHON_ESCO }],
      }),
      ["esco:ccd0a1d9-afda-43d9-b901-96344886e14d", "name:python programming"],
    ],
    ["a badge without alignments is its own skill", badge({ name: "Teamwork" }), ["name:teamwork"]],
    [
      "a degree without alignments is not a skill",
      badge({ name: "Bachelor of Science", achievementType: "BachelorDegree" }),
      [],
    ],
    [
      "an extension Competency type counts",
      badge({
        name: "Welding",
        achievementType: "ext:Competency",
        alignment: [{ targetName: "x", targetUrl: "https://example.org/x" }],
      }),
      ["url:example.org/x", "name:welding"],
    ],
    [
      "duplicates by key are merged",
      badge({
        name: "Data",
        alignment: [
          { targetName: "Python", targetUrl: PYTHON_ESCO },
          { targetName: "Python again", targetUrl: `${PYTHON_ESCO}/` },
        ],
      }),
      ["esco:ccd0a1d9-afda-43d9-b901-96344886e14d"],
    ],
    [
      "same target URL: the framework code wins over the URL",
      badge({
        name: "Text analysis",
        alignment: [
          {
            targetName: "Requirements Analysis",
            targetUrl: "https://credentialfinder.org/credential/20229/Requirements_Analysis",
          },
          {
            targetName: "Requirements Analysis",
            targetUrl: "https://credentialfinder.org/credential/20229/Requirements_Analysis",
            targetCode: "ce-cf4dee18-7cea-443a-b920-158a0762c6bf",
          },
        ],
      }),
      ["ctdl:ce-cf4dee18-7cea-443a-b920-158a0762c6bf"],
    ],
    [
      "tags are skills too, deduplicated against names",
      badge({ name: "Teamwork", tag: ["teamwork", "Communication", ""] }),
      ["name:teamwork", "name:communication"],
    ],
    [
      "a single alignment object (not an array) is accepted",
      badge({
        name: "X",
        achievementType: "Certificate",
        alignment: {
          targetName: "SQL",
          targetUrl: "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742",
        },
      }),
      ["esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742"],
    ],
    [
      "junk alignments are skipped",
      badge({
        name: "Y",
        achievementType: "Course",
        alignment: [null, 3, { targetName: " " }, { targetName: "Real" }],
      }),
      ["name:real"],
    ],
  ])("%s", (_label, credential, keys) => {
    expect(extractSkills(credential).map((s) => s.key)).toEqual(keys);
  });

  test("each skill carries label, mapping, framework, URL and source", () => {
    const [esco, onet, own, tag] = extractSkills(
      badge({
        name: "Python Programming",
        achievementType: "Competency",
        tag: ["scripting"],
        alignment: [
          { targetName: "Python (computer programming)", targetUrl: PYTHON_ESCO, targetFramework: "ESCO" },
          {
            targetName: "Software Developers",
            targetCode: "15-1252.00",
            targetFramework: "O*NET-SOC 2019",
            targetUrl: "https://www.onetonline.org/link/summary/15-1252.00",
          },
        ],
      }),
    );
    expect(esco).toEqual({
      key: "esco:ccd0a1d9-afda-43d9-b901-96344886e14d",
      label: "Python (computer programming)",
      mapping: "code",
      framework: "ESCO",
      targetUrl: PYTHON_ESCO,
      source: "alignment",
    });
    expect(onet).toMatchObject({ key: "onet:15-1252.00", label: "Software Developers", framework: "O*NET-SOC 2019" });
    expect(own).toEqual({
      key: "name:python programming",
      label: "Python Programming",
      mapping: "name",
      source: "achievement",
    });
    expect(tag).toEqual({ key: "name:scripting", label: "scripting", mapping: "name", source: "tag" });
  });

  it("merges thousands of alignments as it merges two: by key and by target URL, the code winning, in first-seen order", () => {
    const url = (i: number) => `https://credentialfinder.org/credential/${i}/Skill_${i}`;
    const ctid = (i: number) => `ce-00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    const alignment: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 3000; i++) alignment.push({ targetName: `Skill ${i}`, targetUrl: url(i) });
    // The same targets again, every third one with a framework code, and every one written with a trailing slash.
    for (let i = 0; i < 3000; i++)
      alignment.push({
        targetName: `Skill ${i} again`,
        targetUrl: `${url(i)}/`,
        ...(i % 3 === 0 ? { targetCode: ctid(i) } : {}),
      });
    const skills = extractSkills(badge({ name: "Many skills", alignment }));
    expect(skills).toHaveLength(3000);
    expect(skills[0]).toMatchObject({ key: `ctdl:${ctid(0)}`, label: "Skill 0", mapping: "code" });
    expect(skills[1]).toMatchObject({
      key: "url:credentialfinder.org/credential/1/skill_1",
      label: "Skill 1",
      mapping: "url",
    });
    expect(skills.filter((s) => s.mapping === "code")).toHaveLength(1000);
  });
});

const SQL_ESCO = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742";
const ML_ESCO = "http://data.europa.eu/esco/skill/3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43";

describe("extractSkills: Open Badges 3.0 results", () => {
  const withResults = (achievement: Record<string, unknown>, result: unknown) => ({
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    credentialSubject: { type: ["AchievementSubject"], achievement: { type: ["Achievement"], ...achievement }, result },
  });
  const course = {
    name: "Data Course",
    achievementType: "Course",
    resultDescription: [
      {
        id: "urn:rd:sql",
        type: ["ResultDescription"],
        name: "SQL project",
        resultType: "Status",
        alignment: [{ targetName: "SQL", targetUrl: SQL_ESCO }],
      },
      {
        id: "urn:rd:ml",
        type: ["ResultDescription"],
        name: "ML project",
        resultType: "Status",
        alignment: [{ targetName: "machine learning", targetUrl: ML_ESCO }],
      },
    ],
  };

  test.each([
    [
      "a result's own alignments",
      withResults({ name: "X", achievementType: "Course" }, [
        { type: ["Result"], alignment: [{ targetName: "SQL", targetUrl: SQL_ESCO }] },
      ]),
      ["esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742"],
    ],
    [
      "the alignments of the result description a result points at",
      withResults(course, [{ type: ["Result"], resultDescription: "urn:rd:sql", status: "Completed" }]),
      ["esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742"],
    ],
    ["a result description no result points at is not a skill", withResults(course, []), []],
    [
      "a failed result evidences nothing",
      withResults(course, [{ type: ["Result"], resultDescription: "urn:rd:ml", status: "Failed" }]),
      [],
    ],
    [
      "an in-progress result evidences nothing",
      withResults(course, { type: ["Result"], resultDescription: "urn:rd:ml", status: "InProgress" }),
      [],
    ],
    [
      "results and achievement alignments together, deduplicated",
      withResults({ ...course, alignment: [{ targetName: "SQL", targetUrl: SQL_ESCO }] }, [
        { resultDescription: "urn:rd:sql" },
        { resultDescription: "urn:rd:ml" },
      ]),
      ["esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742", "esco:3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43"],
    ],
    [
      "junk results are skipped",
      withResults(course, [null, "x", { resultDescription: "urn:rd:unknown" }, { alignment: [{ targetName: " " }] }]),
      [],
    ],
  ])("%s", (_label, credential, keys) => {
    expect(extractSkills(credential).map((s) => s.key)).toEqual(keys);
  });

  test("result skills say they came from a result", () => {
    const [skill] = extractSkills(withResults(course, [{ resultDescription: "urn:rd:sql" }]));
    expect(skill).toEqual({
      key: "esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742",
      label: "SQL",
      mapping: "code",
      framework: "ESCO",
      targetUrl: SQL_ESCO,
      source: "result",
    });
  });
});

describe("extractSkills: CLR 2.0", () => {
  const clr = (subject: Record<string, unknown>) => ({
    type: ["VerifiableCredential", "ClrCredential"],
    credentialSubject: { type: ["ClrSubject"], verifiableCredential: [], ...subject },
  });
  const programme = { id: "urn:a:prog", type: ["Achievement"], name: "Data Programme" };
  const python = {
    id: "urn:a:py",
    type: ["Achievement"],
    name: "Python",
    achievementType: "Competency",
    alignment: [{ targetName: "Python", targetUrl: PYTHON_ESCO }],
  };
  const teamwork = { id: "urn:a:team", type: ["Achievement"], name: "Teamwork" };

  test.each([
    [
      "each listed achievement",
      clr({ achievement: [python, teamwork] }),
      ["esco:ccd0a1d9-afda-43d9-b901-96344886e14d", "name:python", "name:teamwork"],
    ],
    [
      "a programme without associations is read like any badge",
      clr({ achievement: [programme] }),
      ["name:data programme"],
    ],
    [
      "isParentOf makes the source a programme, not a skill",
      clr({
        achievement: [programme, teamwork],
        association: [
          { type: "Association", associationType: "isParentOf", sourceId: "urn:a:prog", targetId: "urn:a:team" },
        ],
      }),
      ["name:teamwork"],
    ],
    [
      "isChildOf makes the target a programme, not a skill",
      clr({
        achievement: [programme, teamwork],
        association: {
          type: "Association",
          associationType: "isChildOf",
          sourceId: "urn:a:team",
          targetId: "urn:a:prog",
        },
      }),
      ["name:teamwork"],
    ],
    [
      "a Competency parent is still a skill",
      clr({
        achievement: [{ ...programme, achievementType: "Competency" }, teamwork],
        association: [{ associationType: "isParentOf", sourceId: "urn:a:prog", targetId: "urn:a:team" }],
      }),
      ["name:data programme", "name:teamwork"],
    ],
    [
      "member credentials are not read here (the verifier reports them one by one)",
      clr({ verifiableCredential: [badge({ name: "Welding" })] }),
      [],
    ],
    [
      "junk associations are ignored",
      clr({ achievement: [teamwork], association: [null, { associationType: 3 }, { associationType: "isParentOf" }] }),
      ["name:teamwork"],
    ],
  ])("%s", (_label, credential, keys) => {
    expect(extractSkills(credential).map((s) => s.key)).toEqual(keys);
  });
});

describe("extractSkills: Open Badges 2.0", () => {
  const badgeClass = {
    type: "BadgeClass",
    id: "https://issuer.example.org/badges/data",
    name: "Data Wrangler",
    tags: ["spreadsheets"],
    alignment: [
      { targetName: "SQL", targetUrl: SQL_ESCO, targetFramework: "ESCO" },
      {
        targetName: "Database Administrators",
        targetCode: "15-1242.00",
        targetFramework: "O*NET-SOC",
        targetUrl: "https://www.onetonline.org/link/summary/15-1242.00",
      },
      {
        targetName: "Data cleaning",
        targetUrl: "https://skills.example.org/data-cleaning",
        targetDescription: "Cleans data",
      },
    ],
  };
  const assertion = (badge: unknown) => ({
    "@context": "https://w3id.org/openbadges/v2",
    type: "Assertion",
    id: "https://issuer.example.org/a/1",
    badge,
  });

  test.each([
    [
      "an Assertion with an embedded BadgeClass",
      assertion(badgeClass),
      [
        "esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742",
        "onet:15-1242.00",
        "url:skills.example.org/data-cleaning",
        "name:spreadsheets",
      ],
    ],
    [
      "a BadgeClass on its own",
      badgeClass,
      [
        "esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742",
        "onet:15-1242.00",
        "url:skills.example.org/data-cleaning",
        "name:spreadsheets",
      ],
    ],
    [
      "a BadgeClass without alignments is its own skill",
      assertion({ type: "BadgeClass", name: "First Aid" }),
      ["name:first aid"],
    ],
    ["a BadgeClass given only by URL has nothing to read yet", assertion("https://issuer.example.org/badges/data"), []],
    [
      "a single alignment object",
      assertion({ type: "BadgeClass", name: "X", alignment: { targetName: "SQL", targetUrl: SQL_ESCO } }),
      ["esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742"],
    ],
  ])("%s", (_label, document, keys) => {
    expect(extractSkills(document).map((s) => s.key)).toEqual(keys);
  });

  test("extractBadgeClassSkills reads the BadgeClass directly", () => {
    expect(extractBadgeClassSkills(badgeClass).map((s) => s.source)).toEqual([
      "alignment",
      "alignment",
      "alignment",
      "tag",
    ]);
    expect(extractBadgeClassSkills("https://issuer.example.org/badges/data")).toEqual([]);
  });
});

describe("extractSelfAssertedSkills (LER-RS)", () => {
  test.each([
    ["not an object", 42, []],
    ["no skills", { type: "LER-RS", person: {} }, []],
    ["names as strings", { skills: ["Python", "Project Management", " "] }, ["name:python", "name:project management"]],
    [
      "objects with a name",
      { skills: [{ name: "Welding", proficiencyLevel: "expert" }, { comments: "no name" }] },
      ["name:welding"],
    ],
    [
      "an identifier makes a framework key",
      {
        skills: [
          { name: "SQL", url: SQL_ESCO },
          { name: "Devs", code: "15-1252.00" },
        ],
      },
      ["esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742", "onet:15-1252.00"],
    ],
    ["inside a credential subject", { credentialSubject: { skills: [{ name: "Teamwork" }] } }, ["name:teamwork"]],
    [
      "nested as the subject's lerrsType",
      { credentialSubject: { lerrsType: { skills: ["Welding"] } } },
      ["name:welding"],
    ],
    ["duplicates merge", { skills: ["python", "Python®", { name: "PYTHON" }] }, ["name:python"]],
  ])("%s", (_label, resume, keys) => {
    expect(extractSelfAssertedSkills(resume).map((s) => s.key)).toEqual(keys);
  });

  test("reads at most MAX_SELF_ASSERTED_SKILLS entries, however long the list", () => {
    const skills = extractSelfAssertedSkills({ skills: Array.from({ length: 5000 }, (_, i) => `Skill ${i}`) });
    expect(skills).toHaveLength(MAX_SELF_ASSERTED_SKILLS);
    expect(skills.at(-1)?.key).toBe(`name:skill ${MAX_SELF_ASSERTED_SKILLS - 1}`);
  });

  test("every skill is marked self-asserted, whatever its key", () => {
    const skills = extractSelfAssertedSkills({ skills: ["Python", { name: "SQL", url: SQL_ESCO }] });
    expect(skills).toEqual([
      { key: "name:python", label: "Python", mapping: "name", source: "resume", selfAsserted: true },
      {
        key: "esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742",
        label: "SQL",
        mapping: "code",
        framework: "ESCO",
        targetUrl: SQL_ESCO,
        source: "resume",
        selfAsserted: true,
      },
    ]);
  });
});
