import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { countPendingOutbox } from "#db/queries/search-outbox.server";
import { candidates, credentials, credentialSkills } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { generateIssuerKey, issueOpenBadge, type SerializedIssuerKey } from "#app/demo/issuer.server";
import { createVerifier } from "#app/services.server";
import { MAX_DOCUMENT_BYTES, submitCredential, type SubmitDeps } from "./submit.server";

const now = new Date("2026-06-01T12:00:00Z");
const details = { name: "Ada Example", email: "ada@example.com", consent: true as const };

describe.each(testDatabaseKinds())("submitCredential on $name", (kind) => {
  let handle: DatabaseHandle;
  let deps: SubmitDeps;
  let issuer: SerializedIssuerKey;
  let signed: string;

  beforeAll(async () => {
    handle = await kind.open();
    deps = { db: handle.db, verify: createVerifier(() => now), now: () => now };
    issuer = await generateIssuerKey({ name: "Test University" });
    signed = JSON.stringify(
      await issueOpenBadge(issuer, {
        subject: { name: details.name, email: details.email },
        achievement: {
          name: "Hydroponics Technician",
          description: "Designs and runs hydroponic growing systems.",
          alignments: [{ targetName: "Hydroponic systems", targetUrl: "https://skills.example.org/hydroponics" }],
        },
        validFrom: new Date("2026-01-01T00:00:00Z"),
      }),
    );
  });
  afterAll(() => handle?.close());

  it("stores a verified credential with its skills and an outbox row, once", async () => {
    const outcome = await submitCredential(deps, details, { text: signed, source: "pasted text" });
    expect(outcome).toMatchObject({ status: "stored", verdict: "verified", duplicate: false });
    if (outcome.status !== "stored") return;
    const skills = await handle.db.select().from(credentialSkills).where(eq(credentialSkills.credentialId, outcome.credentialId));
    expect(skills.map((s) => s.skillKey)).toContain("url:skills.example.org/hydroponics");
    const pending = await countPendingOutbox(handle.db);
    expect(pending).toBeGreaterThan(0);

    const again = await submitCredential(deps, { ...details, name: "Ada E." }, { text: signed, source: "pasted text" });
    expect(again).toMatchObject({ status: "stored", duplicate: true, credentialId: outcome.credentialId });
    const rows = await handle.db.select().from(credentials).where(eq(credentials.candidateId, outcome.candidateId));
    expect(rows).toHaveLength(1);
    const [person] = await handle.db.select().from(candidates).where(eq(candidates.id, outcome.candidateId));
    expect(person.displayName).toBe("Ada E.");
  });

  it("keeps a tampered credential as failed, with its report", async () => {
    const tampered = JSON.parse(signed);
    tampered.credentialSubject.achievement.name = "Chief Hydroponics Officer";
    const outcome = await submitCredential(deps, { ...details, email: "mallory@example.com" }, {
      text: JSON.stringify(tampered),
      source: "pasted text",
    });
    expect(outcome).toMatchObject({ status: "stored", verdict: "failed" });
    if (outcome.status !== "stored") return;
    expect(outcome.report.checks.find((c) => c.id === "proof")?.outcome).toBe("fail");
  });

  it.each([
    ["malformed JSON", "{ not json", /not valid JSON/],
    ["a JSON array", "[1, 2]", /not a credential/],
    ["JSON that is not a credential", JSON.stringify({ name: "résumé" }), /not a verifiable credential/],
    ["an empty document", "   ", /empty/],
    ["a document over 1 MB", JSON.stringify({ padding: "x".repeat(MAX_DOCUMENT_BYTES) }), /larger than 1 MB/],
  ])("refuses %s with a sentence and stores nothing", async (_name, text, reason) => {
    const email = `refused-${Math.random()}@example.com`;
    const outcome = await submitCredential(deps, { ...details, email }, { text, source: "pasted text" });
    expect(outcome.status).toBe("rejected");
    if (outcome.status === "rejected") expect(outcome.reason).toMatch(reason);
    const people = await handle.db.select().from(candidates).where(eq(candidates.email, email));
    expect(people).toHaveLength(0);
  });
});
