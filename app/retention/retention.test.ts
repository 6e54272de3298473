import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { candidates, credentials } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import type { SearchEngine } from "#search/engine";
import { drainOutbox } from "#search/sync.server";
import { listAuditEvents, staffActor, SYSTEM_ACTOR } from "#app/audit/audit.server";
import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";
import { submitItems } from "#app/ingest/submit.server";
import { createVerifier } from "#app/verification/verifier.server";
import { countCandidatesPastPeriod, getRetentionDays, runRetention, setRetentionDays } from "./retention.server";

const DAY = 86_400_000;

describe.each(testDatabaseKinds())("retention on $name", (kind) => {
  let handle: DatabaseHandle;
  let search: SearchEngine;
  let issuer: Awaited<ReturnType<typeof generateIssuerKey>>;
  const admin = staffActor({ id: "u1", email: "admin@example.com" }, "192.0.2.1");

  beforeAll(async () => {
    handle = await kind.open();
    search = createEmbeddedEngine();
    await search.prepare();
    issuer = await generateIssuerKey({ name: "Retention College" });
  });
  afterAll(() => handle?.close());

  /** A candidate who submitted one credential at `at`. */
  async function submittedAt(name: string, at: Date, returning = false) {
    const badge = await issueOpenBadge(issuer, {
      subject: { name, email: `${name.toLowerCase()}@example.com` },
      achievement: { name: `${name} Skill`, description: "Assessed.", alignments: [] },
      validFrom: new Date("2025-01-01T00:00:00Z"),
    });
    const now = () => at;
    const [outcome] = await submitItems(
      { db: handle.db, verify: createVerifier(now), now },
      { name, email: `${name.toLowerCase()}@example.com`, consent: true },
      [{ type: "text", text: JSON.stringify(badge), source: "pasted text" }],
    );
    if (outcome.status !== "stored") throw new Error("not stored");
    // Submission time is the database's default; pin it (and the candidate's own dates) to the test's clock.
    await handle.db.update(credentials).set({ submittedAt: at }).where(eq(credentials.id, outcome.credentialId));
    // A returning candidate's record keeps its old dates here, so only the newer credential says they are active.
    if (!returning)
      await handle.db
        .update(candidates)
        .set({ createdAt: at, updatedAt: at })
        .where(eq(candidates.id, outcome.candidateId));
    return outcome.candidateId;
  }

  it("is off by default and then erases nobody", async () => {
    expect(await getRetentionDays(handle.db)).toBeNull();
    await submittedAt("Early", new Date("2020-01-01T00:00:00Z"));
    expect(await runRetention({ db: handle.db, now: () => new Date("2030-01-01T00:00:00Z") })).toEqual({
      status: "off",
    });
    expect(await handle.db.select().from(candidates)).toHaveLength(1);
  });

  it("erases only candidates whose last activity is older than the period, each with a tombstone", async () => {
    const now = new Date("2026-06-01T12:00:00Z");
    const old = await submittedAt("Oldham", new Date(now.getTime() - 200 * DAY));
    const returning = await submittedAt("Returner", new Date(now.getTime() - 300 * DAY));
    await submittedAt("Returner", new Date(now.getTime() - 10 * DAY), true); // came back with a second credential
    const recent = await submittedAt("Recent", new Date(now.getTime() - 179 * DAY));
    await drainOutbox({ db: handle.db, search });
    expect((await search.search({ q: "Oldham" })).total).toBe(1);

    await setRetentionDays(handle.db, admin, 180);
    expect(await countCandidatesPastPeriod(handle.db, now, 180)).toBe(2); // Oldham and Early (from the test above)
    const result = await runRetention({ db: handle.db, now: () => now });
    expect(result).toMatchObject({ status: "done", days: 180, erased: 2 });

    const left = (await handle.db.select({ id: candidates.id }).from(candidates)).map((c) => c.id).sort();
    expect(left).toEqual([returning, recent].sort());
    await drainOutbox({ db: handle.db, search });
    expect((await search.search({ q: "Oldham" })).total).toBe(0);
    expect((await search.search({ q: "Recent" })).total).toBe(1);

    const [tombstone] = await listAuditEvents(handle.db, { action: "candidate.erase", subjectId: old });
    expect(tombstone).toMatchObject({
      actor: SYSTEM_ACTOR.label,
      actorId: null,
      fromAddress: null,
      detail: { reason: "retention", credentials: 1 },
    });
    expect(JSON.stringify(await listAuditEvents(handle.db))).not.toMatch(/Oldham|oldham@/i);

    // A day later the recent candidate is past the period too; nothing else changes.
    expect(await runRetention({ db: handle.db, now: () => new Date(now.getTime() + 2 * DAY) })).toMatchObject({
      erased: 1,
    });
    expect((await handle.db.select({ id: candidates.id }).from(candidates)).map((c) => c.id)).toEqual([returning]);
  });

  it("refuses a period that is not a whole number of days", async () => {
    await expect(setRetentionDays(handle.db, admin, 0)).rejects.toThrow(/whole number of days/);
    await expect(setRetentionDays(handle.db, admin, 1.5)).rejects.toThrow(/whole number of days/);
    await setRetentionDays(handle.db, admin, null);
    expect(await getRetentionDays(handle.db)).toBeNull();
  });
});
