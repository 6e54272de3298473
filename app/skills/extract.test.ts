import { extractSkills } from "./extract";

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
          { targetName: "Software Developers", targetCode: "15-1252.00", targetUrl: "https://www.onetonline.org/link/summary/15-1252.00" },
        ],
      }),
      ["esco:ccd0a1d9-afda-43d9-b901-96344886e14d", "onet:15-1252.00"],
    ],
    [
      "a Competency adds its own name beside its alignments",
      badge({ name: "Python Programming", achievementType: "Competency", alignment: [{ targetName: "Python", targetUrl: PYTHON_ESCO }] }),
      ["esco:ccd0a1d9-afda-43d9-b901-96344886e14d", "name:python programming"],
    ],
    ["a badge without alignments is its own skill", badge({ name: "Teamwork" }), ["name:teamwork"]],
    ["a degree without alignments is not a skill", badge({ name: "Bachelor of Science", achievementType: "BachelorDegree" }), []],
    ["an extension Competency type counts", badge({ name: "Welding", achievementType: "ext:Competency", alignment: [{ targetName: "x", targetUrl: "https://example.org/x" }] }), ["url:example.org/x", "name:welding"]],
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
          { targetName: "Requirements Analysis", targetUrl: "https://credentialfinder.org/credential/20229/Requirements_Analysis" },
          { targetName: "Requirements Analysis", targetUrl: "https://credentialfinder.org/credential/20229/Requirements_Analysis", targetCode: "ce-cf4dee18-7cea-443a-b920-158a0762c6bf" },
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
      badge({ name: "X", achievementType: "Certificate", alignment: { targetName: "SQL", targetUrl: "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742" } }),
      ["esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742"],
    ],
    [
      "junk alignments are skipped",
      badge({ name: "Y", achievementType: "Course", alignment: [null, 3, { targetName: " " }, { targetName: "Real" }] }),
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
          { targetName: "Software Developers", targetCode: "15-1252.00", targetFramework: "O*NET-SOC 2019", targetUrl: "https://www.onetonline.org/link/summary/15-1252.00" },
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
    expect(own).toEqual({ key: "name:python programming", label: "Python Programming", mapping: "name", source: "achievement" });
    expect(tag).toEqual({ key: "name:scripting", label: "scripting", mapping: "name", source: "tag" });
  });
});
