import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { DatabaseHandle } from "#db/client.server";
import { countPendingOutbox, enqueueCandidateIndexing } from "#db/queries/search-outbox.server";
import { candidates } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import { drainOutbox } from "#search/sync.server";
import { runCheckIndex } from "./check-index";

function capture() {
  const lines: string[] = [];
  return { lines, output: { line: (text: string) => lines.push(text), note: () => {} } };
}

describe.each(testDatabaseKinds())("attest check-index on $name", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await kind.open();
    await handle.db.transaction(async (tx) => {
      for (const id of ["k1", "k2", "k3"]) {
        await tx.insert(candidates).values({
          id,
          displayName: `Person ${id}`,
          email: `${id}@example.com`,
          consentedAt: new Date(),
          consentTextVersion: "test",
        });
      }
      await enqueueCandidateIndexing(tx, ["k1", "k2", "k3"]);
    });
  });
  afterAll(() => handle?.close());

  it("prints figures and exits 0 when consistent; names the differences and exits 1 when not; --repair enqueues them", async () => {
    const search = createEmbeddedEngine();
    await drainOutbox({ db: handle.db, search });
    const ok = capture();
    expect(await runCheckIndex({ db: handle.db, search }, { json: false, repair: false }, ok.output)).toBe(0);
    expect(ok.lines).toContain("The index matches the database.");

    await search.remove(["k2"]);
    const json = capture();
    expect(await runCheckIndex({ db: handle.db, search }, { json: true, repair: false }, json.output)).toBe(1);
    expect(JSON.parse(json.lines[0])).toEqual({
      candidates: 3,
      indexed: 2,
      pending: 0,
      lost: ["k2"],
      orphaned: [],
      stale: [],
      staleFields: {},
      consistent: false,
    });

    const text = capture();
    expect(
      await runCheckIndex({ db: handle.db, search }, { json: false, repair: true, pageSize: 1 }, text.output),
    ).toBe(1);
    expect(text.lines).toContain("lost (in the database, missing from the index): 1");
    expect(text.lines).toContain("  k2");
    expect(text.lines.at(-1)).toMatch(/^Enqueued 1 index update/);
    expect(await countPendingOutbox(handle.db)).toBe(1);
    await drainOutbox({ db: handle.db, search });
    expect(await runCheckIndex({ db: handle.db, search }, { json: true, repair: false }, capture().output)).toBe(0);
  });
});

test("without MEILI_HOST the command explains that the embedded index lives in the app, and exits 2", async () => {
  const run = promisify(execFile);
  const error = await run("npx", ["tsx", "app/cli/attest.ts", "check-index"], {
    env: { ...process.env, MEILI_HOST: "" },
  }).catch((e) => e);
  expect(error.code).toBe(2);
  expect(error.stderr).toMatch(/MEILI_HOST is not set/);
});

// A real Meilisearch (MEILI_HOST, e.g. from npm run meili): its index deleted under the app.
describe.runIf(Boolean(process.env.MEILI_HOST))("attest check-index on Meilisearch whose index was deleted", () => {
  it("reports every candidate lost, and --repair makes the index again (with its settings) and refills it", async () => {
    const { createMeilisearchEngine } = await import("#search/meilisearch.server");
    const { Meilisearch } = await import("meilisearch");
    const { openDatabase } = await import("#db/client.server");
    const host = process.env.MEILI_HOST as string;
    const apiKey = process.env.MEILI_API_KEY || undefined;
    const indexName = `attest_check_${Date.now()}`;
    const handle = await openDatabase({ dataDir: "memory://" });
    const search = createMeilisearchEngine({ host, apiKey, indexName });
    const client = new Meilisearch({ host, apiKey });
    try {
      await search.prepare();
      await handle.db.transaction(async (tx) => {
        for (const id of ["m1", "m2"]) {
          await tx.insert(candidates).values({
            id,
            displayName: `Person ${id}`,
            email: `${id}@example.com`,
            consentedAt: new Date(),
            consentTextVersion: "test",
          });
        }
        await enqueueCandidateIndexing(tx, ["m1", "m2"]);
      });
      await drainOutbox({ db: handle.db, search });
      expect(await runCheckIndex({ db: handle.db, search }, { json: true, repair: false }, capture().output)).toBe(0);

      await client.deleteIndex(indexName).waitTask();
      const json = capture();
      expect(await runCheckIndex({ db: handle.db, search }, { json: true, repair: false }, json.output)).toBe(1);
      expect(JSON.parse(json.lines[0])).toMatchObject({ candidates: 2, indexed: 0, lost: ["m1", "m2"] });

      expect(await runCheckIndex({ db: handle.db, search }, { json: false, repair: true }, capture().output)).toBe(1);
      await drainOutbox({ db: handle.db, search });
      expect(await runCheckIndex({ db: handle.db, search }, { json: true, repair: false }, capture().output)).toBe(0);
      // Made with its settings, so filtered searches work again.
      expect((await search.search({ q: "Person", verifiedSkills: ["esco:none"] })).total).toBe(0);
      expect((await search.search({ q: "Person" })).total).toBe(2);
    } finally {
      for (const name of [indexName, `${indexName}_skills`])
        await client
          .deleteIndex(name)
          .waitTask()
          .catch(() => undefined);
      await search.close();
      await handle.close();
    }
  }, 60_000);
});
