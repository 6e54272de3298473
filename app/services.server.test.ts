import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { countPendingOutbox, enqueueCandidateIndexing } from "#db/queries/search-outbox.server";
import { candidates } from "#db/schema/index";
import { createServices, type Services } from "./services.server";

describe("createServices and the search outbox", () => {
  let dir: string;
  let services: Services | null = null;
  beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), "attest-services-"))));
  afterEach(async () => {
    await services?.close();
    services = null;
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (): NodeJS.ProcessEnv => ({ NODE_ENV: "test", ATTEST_DATA_DIR: dir, DATABASE_URL: "", MEILI_HOST: "" });
  async function enqueueOne(s: Services) {
    await s.db.insert(candidates).values({
      id: "cand_1",
      displayName: "Ada",
      email: "ada@example.com",
      consentedAt: new Date(),
      consentTextVersion: "test",
    });
    await enqueueCandidateIndexing(s.db, ["cand_1"]);
  }

  // A CLI command (attest import, recheck) next to a running app on PostgreSQL used to drain the outbox into its
  // own in-memory index, so the app's embedded index never saw those candidates until it restarted.
  test("a process that does not serve the embedded index leaves the outbox to the app", async () => {
    services = await createServices(env(), { log: () => {} });
    await enqueueOne(services);
    await services.indexer.flush();
    expect(await countPendingOutbox(services.db)).toBe(1);
  });

  test("the app, which serves the embedded index, drains it", async () => {
    services = await createServices(env(), { log: () => {}, servesEmbeddedIndex: true });
    await enqueueOne(services);
    await services.indexer.flush();
    expect(await countPendingOutbox(services.db)).toBe(0);
    expect((await services.search.getDocuments(["cand_1"])).map((d) => d.id)).toEqual(["cand_1"]);
  });
});
