import { toCandidateDocument, type SkillClaimInput } from "#search/documents";

const candidate = {
  id: "cand_1",
  displayName: "Ada Okonkwo",
  email: "ada@example.test",
  headline: "Backend engineer",
};

function claim(overrides: Partial<SkillClaimInput> & Pick<SkillClaimInput, "key">): SkillClaimInput {
  return {
    label: overrides.key.toUpperCase(),
    verified: true,
    issuerId: "did:web:uni.example",
    issuerName: "Example University",
    format: "obv3",
    achievementType: "Certificate",
    verifiedAt: new Date("2026-01-01T00:00:00Z"),
    ...overrides,
  };
}

describe("toCandidateDocument", () => {
  test("a key with one verified claim is verified even when other claims for it are not", () => {
    const doc = toCandidateDocument({
      candidate,
      claims: [
        claim({ key: "esco:a", verified: false }),
        claim({ key: "esco:a", verified: true }),
        claim({ key: "esco:b", verified: false }),
      ],
    });
    expect(doc.verifiedSkills).toEqual(["esco:a"]);
    expect(doc.claimedSkills).toEqual(["esco:b"]);
    expect(doc.verifiedSkillCount).toBe(1);
  });

  test("keys are sorted and deduplicated, and labels stay aligned with their keys", () => {
    const doc = toCandidateDocument({
      candidate,
      claims: [
        claim({ key: "onet:15-1252.00", label: "Software Developers" }),
        claim({ key: "esco:zz", label: "Zig" }),
        claim({ key: "esco:aa", label: "Ada (programming)" }),
        claim({ key: "esco:zz", label: "Zig" }),
        claim({ key: "esco:mm", label: "Make", verified: false }),
        claim({ key: "esco:cc", label: "COBOL", verified: false }),
      ],
    });
    expect(doc.verifiedSkills).toEqual(["esco:aa", "esco:zz", "onet:15-1252.00"]);
    expect(doc.verifiedSkillLabels).toEqual(["Ada (programming)", "Zig", "Software Developers"]);
    expect(doc.claimedSkills).toEqual(["esco:cc", "esco:mm"]);
    expect(doc.claimedSkillLabels).toEqual(["COBOL", "Make"]);
  });

  test("a verified key takes its label from verified claims, the most frequent one, ties alphabetical", () => {
    const doc = toCandidateDocument({
      candidate,
      claims: [
        claim({ key: "esco:py", label: "Pyhton (typo in an unverified badge)", verified: false }),
        claim({ key: "esco:py", label: "Pyhton (typo in an unverified badge)", verified: false }),
        claim({ key: "esco:py", label: "Python" }),
        claim({ key: "esco:js", label: "JavaScript" }),
        claim({ key: "esco:js", label: "ECMAScript" }),
        claim({ key: "esco:none", label: "   " }),
      ],
    });
    expect(doc.verifiedSkills).toEqual(["esco:js", "esco:none", "esco:py"]);
    expect(doc.verifiedSkillLabels).toEqual(["ECMAScript", "esco:none", "Python"]);
  });

  test("issuers, formats and achievement types come only from verified claims", () => {
    const doc = toCandidateDocument({
      candidate,
      claims: [
        claim({ key: "esco:a", issuerName: "Example University", format: "obv3", achievementType: "Certificate" }),
        claim({ key: "esco:b", issuerName: null, issuerId: "did:key:z6Mk", format: "ob2", achievementType: null }),
        claim({
          key: "esco:c",
          verified: false,
          issuerName: "Famous University",
          format: "clr2",
          achievementType: "Degree",
        }),
      ],
    });
    expect(doc.issuers).toEqual(["Example University", "did:key:z6Mk"]);
    expect(doc.formats).toEqual(["ob2", "obv3"]);
    expect(doc.achievementTypes).toEqual(["Certificate"]);
  });

  test("lastVerifiedAt is the newest verified claim in unix seconds, ignoring unverified ones", () => {
    const doc = toCandidateDocument({
      candidate,
      claims: [
        claim({ key: "esco:a", verifiedAt: new Date("2026-01-01T00:00:00.900Z") }),
        claim({ key: "esco:b", verifiedAt: new Date("2025-06-01T00:00:00Z") }),
        claim({ key: "esco:c", verified: true, verifiedAt: null }),
        claim({ key: "esco:d", verified: false, verifiedAt: new Date("2027-01-01T00:00:00Z") }),
      ],
    });
    expect(doc.lastVerifiedAt).toBe(1767225600);
  });

  test("a candidate with nothing verified has empty verified lists and lastVerifiedAt 0", () => {
    const doc = toCandidateDocument({
      candidate: { ...candidate, headline: null },
      claims: [claim({ key: "esco:a", verified: false })],
    });
    expect(doc).toEqual({
      id: "cand_1",
      displayName: "Ada Okonkwo",
      email: "ada@example.test",
      headline: "",
      verifiedSkills: [],
      claimedSkills: ["esco:a"],
      verifiedSkillLabels: [],
      claimedSkillLabels: ["ESCO:A"],
      issuers: [],
      formats: [],
      achievementTypes: [],
      verifiedSkillCount: 0,
      lastVerifiedAt: 0,
      vskillTrusted: [],
    });
  });

  test("vskillTrusted holds only keys verified by a trusted claim, per key", () => {
    const doc = toCandidateDocument({
      candidate,
      claims: [
        claim({ key: "esco:x", trusted: false }),
        claim({ key: "esco:y", trusted: true }),
        claim({ key: "esco:z", trusted: true, verified: false }),
        claim({ key: "esco:w" }),
        claim({ key: "esco:v", trusted: false }),
        claim({ key: "esco:v", trusted: true }),
      ],
    });
    expect(doc.verifiedSkills).toEqual(["esco:v", "esco:w", "esco:x", "esco:y"]);
    expect(doc.vskillTrusted).toEqual(["esco:v", "esco:y"]);
  });

  test("a self-asserted claim (a résumé's skill) is claimed even on a verified, trusted credential, and adds no facet", () => {
    const doc = toCandidateDocument({
      candidate,
      claims: [
        claim({
          key: "name:forklift",
          selfAsserted: true,
          trusted: true,
          format: "ler-rs",
          issuerName: "Sam",
          achievementType: "Resume",
        }),
        claim({ key: "esco:a", selfAsserted: true, format: "ler-rs" }),
        claim({ key: "esco:a", verifiedAt: new Date("2025-01-01T00:00:00Z") }),
      ],
    });
    expect(doc.verifiedSkills).toEqual(["esco:a"]);
    expect(doc.claimedSkills).toEqual(["name:forklift"]);
    expect(doc.vskillTrusted).toEqual([]);
    expect(doc.formats).toEqual(["obv3"]);
    expect(doc.issuers).toEqual(["Example University"]);
    expect(doc.achievementTypes).toEqual(["Certificate"]);
    expect(doc.lastVerifiedAt).toBe(Date.parse("2025-01-01T00:00:00Z") / 1000);
  });

  test("a blank skill key is a bug upstream and throws", () => {
    expect(() => toCandidateDocument({ candidate, claims: [claim({ key: "  " })] })).toThrow(/blank key/);
  });
});
