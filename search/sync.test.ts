import { eq, sql } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { countPendingOutbox, enqueueCandidateIndexing } from "#db/queries/search-outbox.server";
import { candidates, credentials, credentialSkills, searchOutbox } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import type { SearchEngine } from "./engine";
import { drainOutbox, rebuildIndex } from "./sync.server";

// Outbox rows become due at the database's clock, so the drains here use the real clock too.
const now = new Date();

async function addCandidate(handle: DatabaseHandle, id: string, verdict: "verified" | "failed", skill: string) {
  await handle.db.transaction(async (tx) => {
    await tx.insert(candidates).values({
      id,
      displayName: `Person ${id}`,
      email: `${id}@example.com`,
      consentedAt: now,
      consentTextVersion: "test",
    });
    await tx.insert(credentials).values({
      id: `cred-${id}`,
      candidateId: id,
      rawText: "{}",
      contentHash: id,
      source: "test",
      format: "obv3",
      verdict,
      report: { input: "test", verdict, checks: [], credentials: [], skills: [], checkedAt: now.toISOString() },
      verifiedAt: now,
    });
    await tx.insert(credentialSkills).values({
      credentialId: `cred-${id}`,
      candidateId: id,
      skillKey: skill,
      label: skill,
      mapping: "name",
      source: "alignment",
    });
    await enqueueCandidateIndexing(tx, [id]);
  });
}

/** A second credential for an existing candidate, with its outbox row, in one transaction (as a submission). */
async function addCredential(handle: DatabaseHandle, candidateId: string, credentialId: string, skill: string) {
  await handle.db.transaction(async (tx) => {
    await tx.insert(credentials).values({
      id: credentialId,
      candidateId,
      rawText: "{}",
      contentHash: credentialId,
      source: "test",
      format: "obv3",
      verdict: "verified",
      report: {
        input: "test",
        verdict: "verified",
        checks: [],
        credentials: [],
        skills: [],
        checkedAt: now.toISOString(),
      },
      verifiedAt: now,
    });
    await tx.insert(credentialSkills).values({
      credentialId,
      candidateId,
      skillKey: skill,
      label: skill,
      mapping: "name",
      source: "alignment",
    });
    await enqueueCandidateIndexing(tx, [candidateId]);
  });
}

/** An engine that fails every write while `down` is true, like a search server that is unreachable. */
function flaky(engine: SearchEngine) {
  const state = { down: true };
  const wrapped: SearchEngine = {
    ...engine,
    name: engine.name,
    upsert: async (docs) => {
      if (state.down) throw new Error("connect ECONNREFUSED");
      return engine.upsert(docs);
    },
  };
  return { engine: wrapped, state };
}

describe.each(testDatabaseKinds())("search outbox on $name", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await kind.open();
  });
  afterAll(() => handle?.close());

  it("indexes verified skills as verified and failed ones as claimed, then empties the outbox", async () => {
    const search = createEmbeddedEngine();
    await search.prepare();
    await addCandidate(handle, "a1", "verified", "name:welding");
    await addCandidate(handle, "a2", "failed", "name:welding");
    const result = await drainOutbox({ db: handle.db, search });
    expect(result.indexed).toBe(2);
    expect(await countPendingOutbox(handle.db)).toBe(0);
    const hits = await search.search({ verifiedSkills: ["name:welding"] });
    expect(hits.hits.map((h) => h.id)).toEqual(["a1"]);
    const claimed = await search.search({ verifiedSkills: ["name:welding"], includeClaimed: true });
    expect(claimed.hits.map((h) => h.id).sort()).toEqual(["a1", "a2"]);
  });

  it("keeps the rows with a backoff while the engine is down, and loses nothing when it returns", async () => {
    const inner = createEmbeddedEngine();
    await inner.prepare();
    const { engine, state } = flaky(inner);
    await addCandidate(handle, "b1", "verified", "name:plumbing");
    const failed = await drainOutbox({ db: handle.db, search: engine });
    expect(failed.failed).toBeGreaterThan(0);
    const [row] = await handle.db.select().from(searchOutbox).where(eq(searchOutbox.candidateId, "b1"));
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/ECONNREFUSED/);
    expect(row.availableAt.getTime()).toBeGreaterThan(Date.now());

    state.down = false;
    const tooSoon = await drainOutbox({ db: handle.db, search: engine });
    expect(tooSoon.indexed).toBe(0);
    const later = new Date(Date.now() + 10 * 60_000);
    await drainOutbox({ db: handle.db, search: engine, now: () => later });
    expect(await countPendingOutbox(handle.db)).toBe(0);
    expect((await inner.search({ verifiedSkills: ["name:plumbing"] })).hits.map((h) => h.id)).toEqual(["b1"]);
  });

  it("retries at most a minute apart, and catches up at once when the engine accepts a write again", async () => {
    const inner = createEmbeddedEngine();
    await inner.prepare();
    const { engine, state } = flaky(inner);
    await addCandidate(handle, "d1", "verified", "name:glazing");
    await addCandidate(handle, "d2", "verified", "name:glazing");
    // Ten failures in a row: without a cap the next retry would be 2^11 s away.
    for (let i = 0; i < 10; i++) {
      await handle.db
        .update(searchOutbox)
        .set({ availableAt: new Date(0) })
        .where(eq(searchOutbox.candidateId, "d1"));
      await handle.db
        .update(searchOutbox)
        .set({ availableAt: new Date(0) })
        .where(eq(searchOutbox.candidateId, "d2"));
      await drainOutbox({ db: handle.db, search: engine });
    }
    const postponed = await handle.db.select().from(searchOutbox).where(eq(searchOutbox.candidateId, "d1"));
    expect(postponed[0]?.attempts).toBe(10);
    expect(postponed[0]!.availableAt.getTime()).toBeLessThanOrEqual(Date.now() + 61_000);
    expect(postponed[0]!.availableAt.getTime()).toBeGreaterThan(Date.now() + 30_000);

    // The engine returns; a new submission's row is the first due, and its success brings the postponed ones along.
    state.down = false;
    await addCandidate(handle, "d3", "verified", "name:glazing");
    const result = await drainOutbox({ db: handle.db, search: engine });
    expect(result.indexed).toBe(3);
    expect(await countPendingOutbox(handle.db)).toBe(0);
    expect((await inner.search({ verifiedSkills: ["name:glazing"] })).hits.map((h) => h.id).sort()).toEqual([
      "d1",
      "d2",
      "d3",
    ]);
  });

  // Two drains at once (two instances, or the app and `attest recheck` on PostgreSQL + Meilisearch): the one that
  // read a candidate before a change must not overwrite the newer document the other one sent. This was the stale
  // document after the database outage of the faults scenario (docs/reliability.md). PGlite has one connection, so
  // its drains never overlap.
  it.runIf(kind.name === "postgres")(
    "never lets a drain holding an older read overwrite a newer document",
    async () => {
      const engine = createEmbeddedEngine();
      await engine.prepare();
      await addCandidate(handle, "e1", "verified", "name:tiling");

      // Drain A has read e1 (one skill) and is sending it to the engine, which holds the write until released.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let sending = () => {};
      const aIsSending = new Promise<void>((resolve) => (sending = resolve));
      const slow: SearchEngine = {
        ...engine,
        name: engine.name,
        upsert: async (documents) => {
          sending();
          await held;
          return engine.upsert(documents);
        },
      };
      const drainA = drainOutbox({ db: handle.db, search: slow });
      await aIsSending;

      // Meanwhile e1 gains a second skill, and drain B takes that change's outbox row.
      await addCredential(handle, "e1", "cred-e1-b", "name:grouting");
      let bDone = false;
      const drainB = drainOutbox({ db: handle.db, search: engine }).finally(() => (bDone = true));
      // Release A once B has either finished (nothing stopped it) or is waiting for A's lock on e1.
      for (;;) {
        if (bDone) break;
        const [waiting] = (await handle.db.execute(sql`
        select count(*)::int as n from pg_locks
        where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`)) as unknown as Array<{
          n: number;
        }>;
        if (Number(waiting?.n ?? 0) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      release();
      await Promise.all([drainA, drainB]);

      expect(await countPendingOutbox(handle.db)).toBe(0);
      const [document] = await engine.getDocuments(["e1"]);
      expect(document?.verifiedSkills).toEqual(["name:grouting", "name:tiling"]);
    },
  );

  it("removes a deleted candidate from the index", async () => {
    const search = createEmbeddedEngine();
    await search.prepare();
    await addCandidate(handle, "c1", "verified", "name:carpentry");
    await drainOutbox({ db: handle.db, search });
    await handle.db.transaction(async (tx) => {
      await tx.delete(candidates).where(eq(candidates.id, "c1"));
      await enqueueCandidateIndexing(tx, ["c1"]);
    });
    const result = await drainOutbox({ db: handle.db, search });
    expect(result.removed).toBe(1);
    expect((await search.search({ verifiedSkills: ["name:carpentry"] })).total).toBe(0);
  });

  it("rebuilds the whole index from the database, reporting progress", async () => {
    const search = createEmbeddedEngine();
    const progress: number[] = [];
    const total = await rebuildIndex({ db: handle.db, search }, (done) => progress.push(done), 2);
    const [row] = await handle.db.select({ n: candidates.id }).from(candidates).limit(1);
    expect(row).toBeDefined();
    expect(total).toBe(progress.at(-1));
    expect(progress.length).toBeGreaterThan(1);
    expect((await search.search({ verifiedSkills: ["name:welding"] })).hits.map((h) => h.id)).toEqual(["a1"]);
  });
});
