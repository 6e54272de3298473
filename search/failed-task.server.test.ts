/**
 * The drill for a Meilisearch write task that fails (issue 13, point 2), against a real Meilisearch (MEILI_HOST,
 * e.g. from `npm run meili`): the server accepts the write and then fails its task. The indexer notices (the
 * adapter reads the task's status), keeps the outbox rows with the server's reason, retries, and the consistency
 * check ends consistent; nothing is lost meanwhile (the candidates are pending, not lost).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { Meilisearch } from "meilisearch";
import { openDatabase, type DatabaseHandle } from "#db/client.server";
import { countPendingOutbox, enqueueCandidateIndexing } from "#db/queries/search-outbox.server";
import { candidates, searchOutbox } from "#db/schema/index";
import { checkIndexConsistency, isConsistent } from "#search/consistency.server";
import type { SearchEngine } from "#search/engine";
import { withFaultInjection } from "#search/fault-injection.server";
import { createMeilisearchEngine } from "#search/meilisearch.server";
import { drainOutbox } from "#search/sync.server";

const host = process.env.MEILI_HOST?.trim();
const apiKey = process.env.MEILI_API_KEY?.trim() || undefined;

async function addCandidates(handle: DatabaseHandle, ids: string[]) {
  await handle.db.transaction(async (tx) => {
    for (const id of ids) {
      await tx.insert(candidates).values({
        id,
        displayName: `Person ${id}`,
        email: `${id}@example.com`,
        consentedAt: new Date(),
        consentTextVersion: "test",
      });
    }
    await enqueueCandidateIndexing(tx, ids);
  });
}

describe.runIf(Boolean(host))("a Meilisearch write task that fails", () => {
  let handle: DatabaseHandle;
  let engine: SearchEngine;
  let dir: string;
  let faultFile: string;
  const indexName = `attest_failed_task_${Date.now()}`;

  beforeEach(async () => {
    handle = await openDatabase({ dataDir: "memory://" });
    dir = mkdtempSync(path.join(tmpdir(), "attest-failed-task-"));
    faultFile = path.join(dir, "search-fault");
    engine = withFaultInjection(createMeilisearchEngine({ host: host!, apiKey, indexName }), faultFile);
    await engine.prepare();
    await engine.clear();
  });
  afterEach(async () => {
    await engine.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(async () => {
    const client = new Meilisearch({ host: host!, apiKey });
    for (const name of [indexName, `${indexName}_skills`])
      await client
        .deleteIndex(name)
        .waitTask()
        .catch(() => undefined);
  });

  it("is noticed, the rows are kept with the server's reason and retried, and check-index ends consistent", async () => {
    await addCandidates(handle, ["t1", "t2", "t3"]);
    writeFileSync(faultFile, "fail-tasks");
    const failed = await drainOutbox({ db: handle.db, search: engine });
    expect(failed).toEqual({ indexed: 0, removed: 0, failed: 3 });
    const rows = await handle.db.select().from(searchOutbox);
    expect(rows).toHaveLength(3);
    // The reason is the real server's: the task was enqueued and then failed.
    for (const row of rows) expect(row.lastError).toMatch(/document upsert \(task \d+\) failed: invalid_document_id/);
    const during = await checkIndexConsistency({ db: handle.db, search: engine });
    expect({ lost: during.lost, pending: during.pending }).toEqual({ lost: [], pending: 3 });

    rmSync(faultFile);
    // Past the rows' backoff, as the indexer's next tick after it would be.
    const later = new Date(Date.now() + 120_000);
    const retried = await drainOutbox({ db: handle.db, search: engine, now: () => later });
    expect(retried).toEqual({ indexed: 3, removed: 0, failed: 0 });
    expect(await countPendingOutbox(handle.db)).toBe(0);
    const after = await checkIndexConsistency({ db: handle.db, search: engine });
    expect(isConsistent(after)).toBe(true);
    expect((await engine.search({ q: "Person" })).total).toBe(3);
  });

  it("one document the server refuses does not hold back the rest of its batch", async () => {
    // An id Meilisearch refuses (Attest makes cand_<uuid> ids; this one stands for any document it would refuse).
    await addCandidates(handle, ["r1", "refused id!", "r2"]);
    const result = await drainOutbox({ db: handle.db, search: engine });
    expect(result).toEqual({ indexed: 2, removed: 0, failed: 1 });
    expect((await engine.getDocuments(["r1", "r2"])).map((d) => d.id).sort()).toEqual(["r1", "r2"]);
    const [kept] = await handle.db.select().from(searchOutbox).where(eq(searchOutbox.candidateId, "refused id!"));
    expect(kept?.lastError).toMatch(/invalid_document_id/);
    // It keeps its backoff (the others' success does not make it due again at once).
    expect(kept!.availableAt.getTime()).toBeGreaterThan(Date.now());
    expect(await countPendingOutbox(handle.db)).toBe(1);
    const check = await checkIndexConsistency({ db: handle.db, search: engine });
    expect({ lost: check.lost, pending: check.pending }).toEqual({ lost: [], pending: 1 });

    // Repaired at the source (here: the record removed), the next retry settles it.
    await handle.db.transaction(async (tx) => {
      await tx.delete(candidates).where(inArray(candidates.id, ["refused id!"]));
      await enqueueCandidateIndexing(tx, ["refused id!"]);
    });
    await drainOutbox({ db: handle.db, search: engine, now: () => new Date(Date.now() + 120_000) });
    expect(await countPendingOutbox(handle.db)).toBe(0);
    expect(isConsistent(await checkIndexConsistency({ db: handle.db, search: engine }))).toBe(true);
  });
});
