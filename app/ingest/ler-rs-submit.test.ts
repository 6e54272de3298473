import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { credentials, credentialSkills } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { loadCandidatesForIndex } from "#db/queries/candidates.server";
import {
  generateIssuerKey,
  issueOpenBadge,
  signCredential,
  VC_V2_CONTEXT,
  type SerializedIssuerKey,
} from "#app/demo/issuer.server";
import { getCandidateProfile } from "#app/recruiting/candidate-profile.server";
import { recheckCredentials } from "#app/review/recheck.server";
import { createVerifier } from "#app/verification/verifier.server";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import { toCandidateDocument } from "#search/documents";
import { drainOutbox } from "#search/sync.server";
import { toOutcomeLine } from "./outcome-line";
import { toReceiptItem } from "./receipt";
import { submitItems, type SubmissionInput, type SubmissionOutcome, type SubmitDeps } from "./submit.server";

const now = new Date("2026-06-01T12:00:00Z");
const text = (body: unknown, source = "resume.json"): SubmissionInput => ({
  type: "text",
  text: typeof body === "string" ? body : JSON.stringify(body),
  source,
});
const fixture = (): Record<string, any> =>
  JSON.parse(readFileSync(new URL("./fixtures/ler-rs-resume.json", import.meta.url), "utf8"));
const stored = (outcome: SubmissionOutcome | undefined) => {
  if (outcome?.status !== "stored") throw new Error(`not stored: ${JSON.stringify(outcome)}`);
  return outcome;
};

const FORKLIFT = "name:forklift operation";
const HYDROPONICS = "url:skills.example.org/hydroponics";

describe.each(testDatabaseKinds())("LER-RS résumés submitted on $name", (kind) => {
  let handle: DatabaseHandle;
  let deps: SubmitDeps;
  let university: SerializedIssuerKey;
  const badgeFor = (email: string) =>
    issueOpenBadge(university, {
      subject: { name: "Rosa Okafor", email },
      achievement: {
        name: "Hydroponics Technician",
        description: "Designs and runs hydroponic growing systems.",
        alignments: [{ targetName: "Hydroponic systems", targetUrl: "https://skills.example.org/hydroponics" }],
      },
      validFrom: new Date("2026-01-01T00:00:00Z"),
    });
  const resumeWithBadge = async (email: string) => {
    const resume = fixture();
    resume.educationAndLearnings[0].verifications = [await badgeFor(email)];
    return resume;
  };
  const skillsOf = (credentialId: string) =>
    handle.db.select().from(credentialSkills).where(eq(credentialSkills.credentialId, credentialId));

  beforeAll(async () => {
    handle = await kind.open();
    deps = { db: handle.db, verify: createVerifier(() => now), now: () => now };
    university = await generateIssuerKey({ name: "Test University" });
  });
  afterAll(() => handle?.close());

  it("stores the résumé's skills as self-asserted and its embedded credential as a verified item of its own", async () => {
    const email = "rosa@example.com";
    const outcomes = await submitItems(deps, { name: "Rosa Okafor", email, consent: true }, [
      text(await resumeWithBadge(email)),
    ]);
    expect(outcomes).toHaveLength(2);
    const resume = stored(outcomes[0]);
    const badge = stored(outcomes[1]);
    expect(resume).toMatchObject({ source: "resume.json (item 1 of 2)", verdict: "indeterminate", duplicate: false });
    expect(badge).toMatchObject({ source: "resume.json › education 1, verification 1", verdict: "verified" });
    expect(badge.credentialId).not.toBe(resume.credentialId);

    const [row] = await handle.db.select().from(credentials).where(eq(credentials.id, resume.credentialId));
    expect(row).toMatchObject({
      format: "ler-rs",
      achievementName: "Résumé",
      verdict: "indeterminate",
      issuerId: null,
    });
    const resumeSkills = await skillsOf(resume.credentialId);
    expect(resumeSkills.map((s) => s.skillKey).sort()).toEqual([
      "esco:ccd0a1d9-afda-43d9-b901-96344886e14d",
      FORKLIFT,
      "name:greenhouse climate control",
      "name:integrated pest management",
    ]);
    expect(resumeSkills.every((s) => s.selfAsserted && s.source === "resume")).toBe(true);
    const badgeSkills = await skillsOf(badge.credentialId);
    expect(badgeSkills).toEqual([expect.objectContaining({ skillKey: HYDROPONICS, selfAsserted: false })]);

    // The receipt and the API line say in plain words that the skills were recorded as claimed.
    const receipt = toReceiptItem(resume);
    expect(receipt).toMatchObject({ tone: "ok", reasons: [] });
    expect(receipt.headline).toBe(
      "Résumé received. Its 4 skills were recorded as claimed by you, not as verified: a résumé is your own statement, and only credentials from issuers can verify skills.",
    );
    expect(toOutcomeLine(resume)).toMatchObject({
      outcome: "claimed",
      reason: expect.stringMatching(/recorded as claimed/),
    });
    expect(toReceiptItem(badge).headline).toBe("“Hydroponics Technician” verified.");

    // Search: the résumé's skills are found only when claimed skills are included; the badge's as verified.
    const search = createEmbeddedEngine();
    await search.prepare();
    await drainOutbox({ db: handle.db, search });
    expect((await search.search({ verifiedSkills: [FORKLIFT] })).total).toBe(0);
    expect((await search.search({ verifiedSkills: [FORKLIFT], includeClaimed: true })).hits.map((h) => h.id)).toEqual([
      resume.candidateId,
    ]);
    expect((await search.search({ verifiedSkills: [HYDROPONICS] })).hits.map((h) => h.id)).toEqual([
      resume.candidateId,
    ]);
    expect((await search.search({ verifiedSkills: [HYDROPONICS, FORKLIFT] })).total).toBe(0);

    // The candidate page lists the résumé's skills apart, with their provenance.
    const profile = await getCandidateProfile(handle.db, resume.candidateId);
    expect(profile?.verifiedSkills.map((s) => s.key)).toEqual([HYDROPONICS]);
    expect(profile?.claimedSkills).toEqual([]);
    expect(profile?.resumeSkills.map((s) => s.label)).toEqual([
      "Forklift operation",
      "Greenhouse climate control",
      "Integrated pest management",
      "Python (computer programming)",
    ]);
    expect(profile?.resumeSkills[0].evidence).toEqual([
      expect.objectContaining({ selfAsserted: true, issuerName: "the candidate (their own résumé)" }),
    ]);

    // A re-check reads the résumé the same way: same verdict, skills still self-asserted.
    const summary = await recheckCredentials({ ...deps }, { credentialIds: [resume.credentialId] });
    expect(summary).toMatchObject({ checked: 1, changed: [] });
    expect((await skillsOf(resume.credentialId)).every((s) => s.selfAsserted)).toBe(true);
    expect(await skillsOf(resume.credentialId)).toHaveLength(4);
  });

  it("never counts a résumé's skills as verified, even when the résumé is a credential whose signature verified", async () => {
    const candidateKey = await generateIssuerKey({ name: "Sam Patel" });
    const body = fixture();
    delete body.employmentHistories;
    delete body.educationAndLearnings;
    const signed = await signCredential(candidateKey, {
      // The résumé's own terms need a vocabulary for the signature to cover them (HR Open publishes JSON
      // Schemas, not a JSON-LD context).
      "@context": [VC_V2_CONTEXT, { "@vocab": "http://schema.hropenstandards.org/4.4/recruiting/json/ler-rs/#" }],
      id: "urn:uuid:0b8e1c52-3f0e-4d6f-9d0a-6f4f8c3b2a11",
      type: ["VerifiableCredential", "LERRS"],
      issuer: candidateKey.did,
      validFrom: "2026-05-01T00:00:00Z",
      credentialSubject: { id: candidateKey.did, ...body },
    });
    const email = "sam@example.com";
    const [outcome] = await submitItems(deps, { name: "Sam Patel", email, consent: true }, [
      text(signed, "signed-resume.json"),
    ]);
    const resume = stored(outcome);
    expect(resume.verdict).toBe("verified");
    expect(resume.report.summary).toMatchObject({ format: "ler-rs", issuerId: candidateKey.did });
    expect((await skillsOf(resume.credentialId)).every((s) => s.selfAsserted)).toBe(true);
    expect(toReceiptItem(resume).headline).toMatch(/^Résumé received\. Its 4 skills were recorded as claimed by you/);

    const [loaded] = await loadCandidatesForIndex(handle.db, [resume.candidateId]);
    const document = toCandidateDocument(loaded);
    expect(document.verifiedSkills).toEqual([]);
    expect(document.claimedSkills).toContain(FORKLIFT);
    expect(document.formats).toEqual([]);

    const search = createEmbeddedEngine();
    await search.prepare();
    await drainOutbox({ db: handle.db, search });
    expect((await search.search({ verifiedSkills: [FORKLIFT] })).hits.map((h) => h.id)).not.toContain(
      resume.candidateId,
    );
    expect((await search.search({ verifiedSkills: [FORKLIFT], includeClaimed: true })).hits.map((h) => h.id)).toContain(
      resume.candidateId,
    );
    const profile = await getCandidateProfile(handle.db, resume.candidateId);
    expect(profile?.verifiedSkills).toEqual([]);
    expect(profile?.resumeSkills).toHaveLength(4);
  });

  it("refuses a malformed résumé with a clear sentence and loses nothing else", async () => {
    const email = "kim@example.com";
    const badSkills: Record<string, any> = { ...fixture(), skills: "Python, SQL, forklifts" };
    badSkills.educationAndLearnings[0].verifications = [await badgeFor(email)];
    const huge: Record<string, any> = { ...fixture(), skills: Array.from({ length: 5000 }, (_, i) => `Skill ${i}`) };
    delete huge.educationAndLearnings;
    const wrongTypes: Record<string, any> = {
      ...fixture(),
      skills: ["Welding", 7, ["nested"]],
      employmentHistories: "Northern Leaf, 2019–2026",
    };
    delete wrongTypes.educationAndLearnings;
    const separate = await issueOpenBadge(university, {
      subject: { name: "Kim", email },
      achievement: { name: "Beekeeping", description: "Keeps bees.", alignments: [] },
      validFrom: new Date("2026-01-01T00:00:00Z"),
    });

    const outcomes = await submitItems(deps, { name: "Kim", email, consent: true }, [
      text(badSkills, "bad-skills.json"),
      text(huge, "huge.json"),
      text(separate, "beekeeping.json"),
      text(wrongTypes, "wrong-types.json"),
    ]);
    expect(outcomes.map((o) => [o.source, o.status])).toEqual([
      ["bad-skills.json (item 1 of 2)", "rejected"],
      ["bad-skills.json › education 1, verification 1", "stored"],
      ["huge.json", "rejected"],
      ["beekeeping.json", "stored"],
      ["wrong-types.json", "rejected"],
    ]);
    const reasons = outcomes.map((o) => (o.status === "rejected" ? o.reason : ""));
    expect(reasons[0]).toBe(
      "This résumé could not be read, so none of its skills were recorded: “skills” should be a list of skills, but it is a string. Fix it and submit it again.",
    );
    expect(reasons[2]).toMatch(/it lists 5,000 skills; at most 200 are accepted/);
    expect(reasons[4]).toMatch(
      /skill 2 should be a name or an object with a “name”, but it is a number; skill 3 .* but it is a list; “employmentHistories” should be a list, but it is a string/,
    );
    expect(
      outcomes.filter((o) => o.status === "stored").every((o) => o.status === "stored" && o.verdict === "verified"),
    ).toBe(true);

    const candidateId = stored(outcomes[1]).candidateId;
    const rows = await handle.db.select().from(credentials).where(eq(credentials.candidateId, candidateId));
    expect(rows.map((r) => r.format).sort()).toEqual(["obv3", "obv3"]);
    const skills = await handle.db.select().from(credentialSkills).where(eq(credentialSkills.candidateId, candidateId));
    expect(skills.some((s) => s.selfAsserted)).toBe(false);
  });
});
