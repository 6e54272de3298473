import { canonicalSkillKey, describeSkillKey, normalizeSkillText, normalizeUrlKey, repairMojibake } from "./normalize";

describe("normalizeSkillText", () => {
  test.each([
    ["Python", "python"],
    ["  Project   Management ", "project management"],
    ["Microsoft Excel®", "microsoft excel"],
    ["Microsoft ExcelÂ®", "microsoft excel"],
    ["Salesforceâ„¢ Admin", "salesforce admin"],
    ["Java™", "java"],
    ["Node.js", "node js"],
    ["C++", "c++"],
    ["C#/.NET", "c# net"],
    ["Data-analysis (advanced)", "data analysis advanced"],
    ["ＳＱＬ", "sql"], // full-width letters, NFKC
    ["ﬁnance", "finance"], // ligature, NFKC
    ["Café management", "café management"],
    ["CafÃ© management", "café management"],
    ["Soins infirmiers — niveau 2", "soins infirmiers niveau 2"],
    ["", ""],
    ["®™", ""],
  ])("%j → %j", (input, expected) => {
    expect(normalizeSkillText(input)).toBe(expected);
  });
});

describe("repairMojibake", () => {
  test.each([
    ["Â®", "®"],
    ["Ã©tÃ©", "été"],
    ["plain ascii", "plain ascii"],
    ["naïve café", "naïve café"], // real Latin-1 text that is not mojibake stays as it is
  ])("%j → %j", (input, expected) => {
    expect(repairMojibake(input)).toBe(expected);
  });
});

describe("normalizeUrlKey", () => {
  test.each([
    ["https://Example.org/Skills/Python/?ref=1#top", "url:example.org/skills/python"],
    ["http://example.org/", "url:example.org"],
    ["https://example.org:8443/a//", "url:example.org:8443/a"],
    ["mailto:someone@example.org", null],
    ["not a url", null],
  ])("%s → %s", (input, expected) => {
    expect(normalizeUrlKey(input)).toBe(expected);
  });
});

describe("canonicalSkillKey", () => {
  test.each([
    [
      "ESCO skill URI",
      { targetName: "Python", targetUrl: "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d" },
      "esco:ccd0a1d9-afda-43d9-b901-96344886e14d",
    ],
    [
      "ESCO over https, upper case",
      { targetUrl: "https://data.europa.eu/esco/skill/CCD0A1D9-AFDA-43D9-B901-96344886E14D" },
      "esco:ccd0a1d9-afda-43d9-b901-96344886e14d",
    ],
    [
      "ESCO URI in targetCode",
      {
        targetName: "SQL",
        targetCode: "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742",
        targetUrl: "https://example.org/sql",
      },
      "esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742",
    ],
    [
      "bare ESCO UUID with an ESCO framework",
      { targetCode: "598de5b0-5b58-4ea7-8058-a4bc4d18c742", targetFramework: "ESCO v1.2" },
      "esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742",
    ],
    ["O*NET-SOC code", { targetName: "Software Developers", targetCode: "15-1252.00" }, "onet:15-1252.00"],
    ["SOC code with an O*NET framework", { targetCode: "15-1252", targetFramework: "O*NET" }, "onet:15-1252.00"],
    ["SOC code without O*NET framework is not O*NET", { targetName: "Devs", targetCode: "15-1252" }, "name:devs"],
    ["O*NET OnLine URL", { targetUrl: "https://www.onetonline.org/link/summary/29-1141.00" }, "onet:29-1141.00"],
    [
      "CASE CFItem by targetType",
      {
        targetType: "CFItem",
        targetCode: "6B2A5C4E-0000-4F3A-9E1B-1234567890AB",
        targetUrl: "https://case.example.org/x",
      },
      "case:6b2a5c4e-0000-4f3a-9e1b-1234567890ab",
    ],
    [
      "CASE CFItem in the URL",
      { targetUrl: "https://casenetwork.example.org/ims/case/v1p0/CFItems/6b2a5c4e-0000-4f3a-9e1b-1234567890ab" },
      "case:6b2a5c4e-0000-4f3a-9e1b-1234567890ab",
    ],
    [
      "CTDL CTID code",
      {
        targetCode: "ce-cf4dee18-7cea-443a-b920-158a0762c6bf",
        targetUrl: "https://credentialfinder.org/credential/20229/Requirements_Analysis",
      },
      "ctdl:ce-cf4dee18-7cea-443a-b920-158a0762c6bf",
    ],
    [
      "CTDL CTID in a registry URL",
      { targetUrl: "https://credentialengineregistry.org/resources/ce-CF4DEE18-7cea-443a-b920-158a0762c6bf" },
      "ctdl:ce-cf4dee18-7cea-443a-b920-158a0762c6bf",
    ],
    [
      "other URL",
      {
        targetName: "Requirements Analysis",
        targetUrl: "https://credentialfinder.org/credential/20229/Requirements_Analysis/",
      },
      "url:credentialfinder.org/credential/20229/requirements_analysis",
    ],
    ["name only", { targetName: "Customer Service®" }, "name:customer service"],
    ["achievement name", { name: "Teamwork" }, "name:teamwork"],
    ["unusable URL falls back to the name", { targetName: "Welding", targetUrl: "urn:x:1" }, "name:welding"],
    ["nothing usable", { targetName: "  ", targetUrl: 42 }, null],
  ])("%s", (_label, source, expected) => {
    expect(canonicalSkillKey(source)).toBe(expected);
  });

  test("describeSkillKey says how the key was made", () => {
    expect(describeSkillKey({ targetCode: "15-1252.00" })).toEqual({
      key: "onet:15-1252.00",
      mapping: "code",
      framework: "O*NET-SOC",
    });
    expect(describeSkillKey({ targetUrl: "https://example.org/a" })).toMatchObject({ mapping: "url" });
    expect(describeSkillKey({ targetName: "A" })).toMatchObject({ mapping: "name" });
  });
});
