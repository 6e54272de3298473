import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { countPendingOutbox } from "#db/queries/search-outbox.server";
import { candidates, credentials, credentialSkills } from "#db/schema/index";
import { seedAliases } from "#app/skills/alias-store.server";
import { testDatabaseKinds } from "#db/test-databases";
import { SEED_ALIASES } from "#app/skills/alias-seed";
import { bakeCredentialIntoPng } from "#app/demo/bake-badge";
import { generateIssuerKey, issueOpenBadge, type SerializedIssuerKey } from "#app/demo/issuer.server";
import { createVerifier } from "#app/verification/verifier.server";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSafeFetch } from "./safe-fetch.server";
import { MAX_DOCUMENT_BYTES, submitItems, type SubmissionInput, type SubmitDeps } from "./submit.server";

const text = (body: string): SubmissionInput => ({ type: "text", text: body, source: "pasted text" });

const now = new Date("2026-06-01T12:00:00Z");
const details = { name: "Ada Example", email: "ada@example.com", consent: true as const };

describe.each(testDatabaseKinds())("submitItems on $name", (kind) => {
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
    const [outcome] = await submitItems(deps, details, [text(signed)]);
    expect(outcome).toMatchObject({ status: "stored", verdict: "verified", duplicate: false });
    if (outcome.status !== "stored") return;
    const skills = await handle.db
      .select()
      .from(credentialSkills)
      .where(eq(credentialSkills.credentialId, outcome.credentialId));
    expect(skills.map((s) => s.skillKey)).toContain("url:skills.example.org/hydroponics");
    const pending = await countPendingOutbox(handle.db);
    expect(pending).toBeGreaterThan(0);

    const [again] = await submitItems(deps, { ...details, name: "Ada E." }, [text(signed)]);
    expect(again).toMatchObject({ status: "stored", duplicate: true, credentialId: outcome.credentialId });
    // The same credential re-serialised by a wallet: other bytes, same id and issuer.
    const reformatted = JSON.stringify(JSON.parse(signed), null, 2);
    const [copy] = await submitItems(deps, { ...details, name: "Ada E." }, [text(reformatted)]);
    expect(copy).toMatchObject({ status: "stored", duplicate: true, credentialId: outcome.credentialId });
    const rows = await handle.db.select().from(credentials).where(eq(credentials.candidateId, outcome.candidateId));
    expect(rows).toHaveLength(1);
    const [person] = await handle.db.select().from(candidates).where(eq(candidates.id, outcome.candidateId));
    expect(person.displayName).toBe("Ada E.");
  });

  it("keeps a tampered credential as failed, with its report", async () => {
    const tampered = JSON.parse(signed);
    tampered.credentialSubject.achievement.name = "Chief Hydroponics Officer";
    const [outcome] = await submitItems(deps, { ...details, email: "mallory@example.com" }, [
      text(JSON.stringify(tampered)),
    ]);
    expect(outcome).toMatchObject({ status: "stored", verdict: "failed" });
    if (outcome.status !== "stored") return;
    expect(outcome.report.checks.find((c) => c.id === "proof")?.outcome).toBe("fail");
  });

  it.each([
    ["malformed JSON", "{ not json", /not valid JSON/],
    ["a JSON number", "42", /neither a credential/],
    ["JSON that is not a credential", JSON.stringify({ name: "résumé" }), /not a verifiable credential/],
    ["an empty document", "   ", /empty/],
    ["a document over 1 MB", JSON.stringify({ padding: "x".repeat(MAX_DOCUMENT_BYTES) }), /larger than 1 MB/],
  ])("refuses %s with a sentence and stores nothing", async (_name, body, reason) => {
    const email = `refused-${Math.random()}@example.com`;
    const [outcome] = await submitItems(deps, { ...details, email }, [text(body)]);
    expect(outcome.status).toBe("rejected");
    if (outcome.status === "rejected") expect(outcome.reason).toMatch(reason);
    const people = await handle.db.select().from(candidates).where(eq(candidates.email, email));
    expect(people).toHaveLength(0);
  });

  it("keeps every good item of a batch when others are bad", async () => {
    const second = await issueOpenBadge(issuer, {
      subject: { name: "Bo", email: "bo@example.com" },
      achievement: { name: "Beekeeping", description: "Keeps bees.", alignments: [] },
      validFrom: new Date("2026-01-01T00:00:00Z"),
    });
    const outcomes = await submitItems(deps, { ...details, email: "bo@example.com" }, [
      text(JSON.stringify([second, { junk: true }])),
      text("{ broken"),
      { type: "link", url: "https://example.org/badge.json" },
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["stored", "rejected", "rejected", "rejected"]);
    expect(outcomes[0]).toMatchObject({ verdict: "verified" });
    expect(outcomes[3]).toMatchObject({
      source: "https://example.org/badge.json",
      reason: expect.stringMatching(/paste or upload/),
    });
  });

  it("refuses a submission holding more than 50 credentials (a JSON array of 51) and stores none of it", async () => {
    const before = await handle.db.select({ id: credentials.id }).from(credentials);
    const many = JSON.stringify(Array.from({ length: 51 }, () => JSON.parse(signed)));
    const outcomes = await submitItems(deps, { ...details, email: "many@example.com" }, [text(many)]);
    expect(outcomes).toEqual([
      expect.objectContaining({
        status: "rejected",
        code: "too-many-items",
        reason: expect.stringMatching(/holds 51 credentials; at most 50/),
      }),
    ]);
    expect(await handle.db.select({ id: credentials.id }).from(credentials)).toHaveLength(before.length);
  });

  it("maps a skill name through the alias table, keeping the raw label", async () => {
    await seedAliases(handle.db);
    const badge = await issueOpenBadge(issuer, {
      subject: { name: "Al", email: "al@example.com" },
      achievement: { name: "JS", description: "Writes JavaScript.", achievementType: "Competency", alignments: [] },
      validFrom: new Date("2026-01-01T00:00:00Z"),
    });
    const [outcome] = await submitItems(deps, { ...details, email: "al@example.com" }, [text(JSON.stringify(badge))]);
    if (outcome.status !== "stored") throw new Error("not stored");
    const skills = await handle.db
      .select()
      .from(credentialSkills)
      .where(eq(credentialSkills.credentialId, outcome.credentialId));
    const js = SEED_ALIASES.find((a) => a.text === "js")!;
    expect(skills).toEqual([expect.objectContaining({ skillKey: js.key, label: "JS", mapping: "alias" })]);
  });

  it("reads a credential baked into a PNG badge image", async () => {
    const outcomes = await submitItems(deps, { ...details, email: "baked@example.com" }, [
      { type: "file", bytes: bakeCredentialIntoPng(signed), source: "badge.png" },
      { type: "file", bytes: Buffer.from("GIF89a not a badge"), source: "photo.gif" },
    ]);
    expect(outcomes[0]).toMatchObject({ status: "stored", verdict: "verified", source: "badge.png" });
    expect(outcomes[1]).toMatchObject({ status: "rejected", source: "photo.gif" });
  });

  describe("share links", () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === "/badge.json") {
          res.writeHead(200, { "content-type": "application/ld+json" }).end(signed);
        } else {
          res.writeHead(404).end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("fetches a credential URL from an allowed host and stores it with its source", async () => {
      const safeFetch = createSafeFetch({ allowHosts: [new URL(base).host] });
      const [outcome] = await submitItems({ ...deps, safeFetch }, { ...details, email: "linked@example.com" }, [
        { type: "link", url: `${base}/badge.json` },
      ]);
      expect(outcome).toMatchObject({ status: "stored", verdict: "verified", source: `${base}/badge.json` });
    });

    it("refuses the same server when it is not allowed, because it is a private address", async () => {
      const safeFetch = createSafeFetch({ log: () => {} });
      const [outcome] = await submitItems({ ...deps, safeFetch }, { ...details, email: "ssrf@example.com" }, [
        { type: "link", url: `${base}/badge.json` },
      ]);
      expect(outcome).toMatchObject({ status: "rejected" });
      const people = await handle.db.select().from(candidates).where(eq(candidates.email, "ssrf@example.com"));
      expect(people).toHaveLength(0);
    });
  });
});
