/** The search index page as Remix runs it: admins only, says what is lost, and its button repairs it (audited). */
import type { DatabaseHandle } from "#db/client.server";
import { candidates } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { drainOutbox } from "#search/sync.server";
import { listAuditEvents } from "#app/audit/audit.server";
import type { Services } from "#app/services.server";
import { request, run, signedInStaff, testServices } from "#app/auth/test-helpers";
import * as checkRoute from "./admin.index-check";
import * as jsonRoute from "./admin.index-check[.json]";

interface PageData {
  consistent: boolean;
  pending: number;
  lost: { total: number; ids: string[] };
  stale: { total: number };
  orphaned: { total: number };
}

describe.each(testDatabaseKinds())("/admin/index-check on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  let admin: Awaited<ReturnType<typeof signedInStaff>>;
  beforeAll(async () => {
    handle = await kind.open();
    services = await testServices(handle);
    admin = await signedInStaff(services, "admin");
    // Written straight to the table, without the outbox row every real write commits with: lost to search.
    await handle.db.insert(candidates).values({
      id: "cand_lost",
      displayName: "Lost Candidate",
      email: "lost@example.com",
      consentedAt: new Date(),
      consentTextVersion: "test",
    });
  });
  afterAll(() => handle?.close());

  const page = async () =>
    (await (
      await run(checkRoute.loader, request("/admin/index-check", { cookie: admin.cookie }), services)
    ).json()) as PageData;
  const repair = (who = admin) =>
    run(
      checkRoute.action,
      request("/admin/index-check", { cookie: who.cookie, form: { csrf: who.csrfToken, intent: "repair" } }),
      services,
    );

  it("refuses a recruiter the page, the button and the JSON, and repairs nothing for them", async () => {
    const recruiter = await signedInStaff(services, "recruiter");
    expect(
      (await run(checkRoute.loader, request("/admin/index-check", { cookie: recruiter.cookie }), services)).status,
    ).toBe(403);
    expect((await repair(recruiter)).status).toBe(403);
    const json = await run(
      jsonRoute.loader,
      request("/admin/index-check.json", { cookie: recruiter.cookie }),
      services,
    );
    expect(json.status).toBe(403);
    expect((await page()).pending).toBe(0);
  });

  it("reports the lost candidate, on the page and in the JSON", async () => {
    expect(await page()).toMatchObject({ consistent: false, pending: 0, lost: { total: 1, ids: ["cand_lost"] } });
    const json = await run(jsonRoute.loader, request("/admin/index-check.json", { cookie: admin.cookie }), services);
    expect(await json.json()).toMatchObject({ consistent: false, lost: ["cand_lost"] });
  });

  it("repairs it: the button queues the update, audited, and after the indexer drains the index is consistent", async () => {
    const answer = await repair();
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ error: null, enqueued: 1 });
    expect(await page()).toMatchObject({ pending: 1, lost: { total: 0 } });
    expect(await listAuditEvents(handle.db, { action: "search-index.repair" })).toEqual([
      expect.objectContaining({ actorId: admin.id, detail: expect.objectContaining({ enqueued: 1, lost: 1 }) }),
    ]);

    await drainOutbox({ db: handle.db, search: services.search });
    expect(await page()).toMatchObject({ consistent: true, pending: 0, lost: { total: 0 } });
    expect((await services.search.search({ q: "Lost" })).total).toBe(1);
    expect(await (await repair()).json()).toEqual({ error: null, enqueued: 0 });
  });
});
