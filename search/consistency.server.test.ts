import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { countPendingOutbox, enqueueCandidateIndexing } from "#db/queries/search-outbox.server";
import { candidates, credentials, credentialSkills, searchOutbox } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { checkIndexConsistency, enqueueRepairs, isConsistent } from "./consistency.server";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import type { SearchEngine } from "./engine";
import { drainOutbox } from "./sync.server";

// Outbox rows become due at the database's clock, so the drains here use the real clock too.
const now = new Date();

async function addCandidate(handle: DatabaseHandle, id: string, skill: string, options: { enqueue?: boolean } = {}) {
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
      credentialId: `cred-${id}`,
      candidateId: id,
      skillKey: skill,
      label: skill,
      mapping: "name",
      source: "alignment",
    });
    if (options.enqueue !== false) await enqueueCandidateIndexing(tx, [id]);
  });
}

describe.each(testDatabaseKinds())("index consistency on $name", (kind) => {
  let handle: DatabaseHandle;
  let search: SearchEngine;
  beforeAll(async () => {
    handle = await kind.open();
  });
  afterAll(() => handle?.close());
  beforeEach(async () => {
    await handle.db.delete(searchOutbox);
    await handle.db.delete(candidates);
    search = createEmbeddedEngine();
    for (let i = 1; i <= 5; i++) await addCandidate(handle, `c${i}`, `name:skill-${i}`);
    await drainOutbox({ db: handle.db, search });
  });

  it("finds nothing to report when the index was built from the database, paging through both sides", async () => {
    const progress: string[] = [];
    const result = await checkIndexConsistency(
      { db: handle.db, search },
      { pageSize: 2, onProgress: (step, done) => progress.push(`${step} ${done}`) },
    );
    expect(result).toEqual({
      candidates: 5,
      indexed: 5,
      pending: 0,
      lost: [],
      orphaned: [],
      stale: [],
      staleFields: {},
    });
    expect(isConsistent(result)).toBe(true);
    expect(progress).toEqual(["index 2", "index 4", "index 5", "database 2", "database 4", "database 5"]);
  });

  it("reports a candidate missing from the index as lost", async () => {
    await search.remove(["c3"]);
    const result = await checkIndexConsistency({ db: handle.db, search }, { pageSize: 2 });
    expect(result).toMatchObject({ candidates: 5, indexed: 4, lost: ["c3"], orphaned: [], stale: [] });
    expect(isConsistent(result)).toBe(false);
  });

  it("reports a document whose candidate is gone as orphaned", async () => {
    // Deleted without an outbox row: the bug this check exists to catch.
    await handle.db.delete(candidates).where(eq(candidates.id, "c2"));
    const [ghost] = await search.getDocuments(["c1"]);
    await search.upsert([{ ...ghost, id: "ghost", email: "ghost@example.com" }]);
    const result = await checkIndexConsistency({ db: handle.db, search }, { pageSize: 2 });
    expect(result).toMatchObject({ candidates: 4, indexed: 6, lost: [], orphaned: ["c2", "ghost"], stale: [] });
  });

  it("reports a document that differs from what the database builds now as stale, naming the fields", async () => {
    // A re-check turned the credential to "failed" but no outbox row was written: the skill is still verified in search.
    await handle.db.update(credentials).set({ verdict: "failed" }).where(eq(credentials.id, "cred-c4"));
    const [c5] = await search.getDocuments(["c5"]);
    await search.upsert([{ ...c5, vskillTrusted: ["name:skill-5"] }]);
    const result = await checkIndexConsistency({ db: handle.db, search }, { pageSize: 2 });
    expect(result).toMatchObject({ lost: [], orphaned: [], stale: ["c4", "c5"] });
    expect(result.staleFields).toEqual({
      c4: [
        "verifiedSkills",
        "claimedSkills",
        "verifiedSkillLabels",
        "claimedSkillLabels",
        "formats",
        "verifiedSkillCount",
        "lastVerifiedAt",
      ],
      c5: ["vskillTrusted"],
    });
  });

  it("skips candidates with a pending outbox row, and counts them", async () => {
    await addCandidate(handle, "c6", "name:skill-6");
    await handle.db.transaction(async (tx) => {
      await tx.delete(candidates).where(eq(candidates.id, "c1"));
      await enqueueCandidateIndexing(tx, ["c1"]);
    });
    const result = await checkIndexConsistency({ db: handle.db, search });
    expect(result).toMatchObject({ candidates: 5, indexed: 5, pending: 2, lost: [], orphaned: [], stale: [] });
  });

  it("confirms each difference by id, so a document skipped by a shifting page is not reported", async () => {
    // The first page comes back one short, as when a write moves documents between two page reads.
    const shifting: SearchEngine = {
      ...search,
      listDocuments: async (page) => {
        const listed = await search.listDocuments(page);
        return page.offset === 0 ? { ...listed, documents: listed.documents.slice(1) } : listed;
      },
    };
    const result = await checkIndexConsistency({ db: handle.db, search: shifting }, { pageSize: 10 });
    expect(result).toMatchObject({ indexed: 4, lost: [], orphaned: [], stale: [] });
  });

  it("repair enqueues one outbox row per difference, and the indexer then makes the index consistent", async () => {
    await search.remove(["c3"]);
    await handle.db.delete(candidates).where(eq(candidates.id, "c2"));
    await handle.db.update(credentials).set({ verdict: "failed" }).where(eq(credentials.id, "cred-c4"));
    await addCandidate(handle, "c7", "name:skill-7", { enqueue: false });
    const before = await checkIndexConsistency({ db: handle.db, search });
    expect(before).toMatchObject({ lost: ["c3", "c7"], orphaned: ["c2"], stale: ["c4"] });
    expect(await enqueueRepairs(handle.db, before)).toBe(4);
    expect(await countPendingOutbox(handle.db)).toBe(4);
    const whilePending = await checkIndexConsistency({ db: handle.db, search });
    expect(whilePending).toMatchObject({ pending: 4, lost: [], orphaned: [], stale: [] });
    await drainOutbox({ db: handle.db, search });
    const after = await checkIndexConsistency({ db: handle.db, search });
    expect(after).toEqual({
      candidates: 5,
      indexed: 5,
      pending: 0,
      lost: [],
      orphaned: [],
      stale: [],
      staleFields: {},
    });
    expect(await enqueueRepairs(handle.db, after)).toBe(0);
  });
});
