import { describe, expect, it } from "vitest";
import { isOccupationKey, mergeNearDuplicates, toDisplayLabel } from "./display";

describe("toDisplayLabel", () => {
  it("shows every label in Title Case, keeping what an issuer capitalised on purpose", () => {
    expect(toDisplayLabel("data analytics")).toBe("Data Analytics");
    expect(toDisplayLabel("machine learning")).toBe("Machine Learning");
    expect(toDisplayLabel("Python (computer programming)")).toBe("Python (Computer Programming)");
    expect(toDisplayLabel("infrastructure as code")).toBe("Infrastructure as Code");
    expect(toDisplayLabel("SQL")).toBe("SQL");
    expect(toDisplayLabel("JavaScript")).toBe("JavaScript");
    expect(toDisplayLabel("iOS development")).toBe("iOS Development");
    expect(toDisplayLabel("Welders, Cutters, Solderers, and Brazers")).toBe("Welders, Cutters, Solderers, and Brazers");
    expect(toDisplayLabel("of mice and men")).toBe("Of Mice and Men");
  });
});

describe("isOccupationKey", () => {
  it("treats O*NET-SOC codes as occupations and framework skills as skills", () => {
    expect(isOccupationKey("onet:15-1252.00")).toBe(true);
    expect(isOccupationKey("esco:ccd0a1d9-afda-43d9-b901-96344886e14d")).toBe(false);
    expect(isOccupationKey("name:onet")).toBe(false);
  });
});

describe("mergeNearDuplicates", () => {
  it("keeps the first of labels that differ only in case, punctuation or a bracketed qualifier, with every key", () => {
    const merged = mergeNearDuplicates([
      { key: "esco:py", label: "Python (computer programming)" },
      { key: "name:python", label: "python" },
      { key: "url:x/python", label: "Python." },
      { key: "name:java", label: "Java" },
    ]);
    expect(merged).toEqual([
      { key: "esco:py", label: "Python (computer programming)", keys: ["esco:py", "name:python", "url:x/python"] },
      { key: "name:java", label: "Java", keys: ["name:java"] },
    ]);
  });
});
