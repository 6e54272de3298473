/** Saved searches over HTTP: each belongs to the staff member who saved it, and nobody else can touch it. */
import type { DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import type { Services } from "#app/services.server";
import { request, run, signedInStaff, testServices } from "#app/auth/test-helpers";
import * as listRoute from "./saved-searches._index";
import * as openRoute from "./saved-searches.$savedSearchId";

describe.each(testDatabaseKinds())("saved search routes on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  beforeAll(async () => {
    handle = await kind.open();
    services = await testServices(handle);
  });
  afterAll(() => handle?.close());

  const list = async (cookie: string) => {
    const page = await run(listRoute.loader, request("/saved-searches", { cookie }), services);
    return ((await page.json()) as { savedSearches: Array<{ id: string; name: string }> }).savedSearches;
  };

  it("saves, opens, renames and deletes for its owner, and answers 404 to anyone else", async () => {
    const rita = await signedInStaff(services, "recruiter");
    const sam = await signedInStaff(services, "recruiter");
    const post = (who: typeof rita, form: Record<string, string>) =>
      run(
        listRoute.action,
        request("/saved-searches?index", { cookie: who.cookie, form: { csrf: who.csrfToken, ...form } }),
        services,
      );

    const saved = await post(rita, { intent: "save", name: "Nurses", query: "?q=nurse&not=k1&page=4&bogus=1" });
    expect(saved.status).toBe(200);
    const [nurses] = await list(rita.cookie);
    expect(nurses).toMatchObject({ name: "Nurses", query: "?q=nurse&not=k1" });

    const open = (who: typeof rita) =>
      run(openRoute.loader, request(`/saved-searches/${nurses!.id}`, { cookie: who.cookie }), services, {
        savedSearchId: nurses!.id,
      });
    expect((await open(rita)).headers.get("location")).toBe("/search?q=nurse&not=k1");

    expect(await list(sam.cookie)).toEqual([]);
    expect((await open(sam)).status).toBe(404);
    expect((await post(sam, { intent: "rename", id: nurses!.id, name: "Mine" })).status).toBe(404);
    expect((await post(sam, { intent: "delete", id: nurses!.id })).status).toBe(404);
    expect(await list(rita.cookie)).toEqual([expect.objectContaining({ id: nurses!.id, name: "Nurses" })]);

    // Without the session's CSRF token nothing changes.
    const forged = await run(
      listRoute.action,
      request("/saved-searches?index", { cookie: rita.cookie, form: { intent: "delete", id: nurses!.id } }),
      services,
    );
    expect(forged.status).toBe(403);

    expect((await post(rita, { intent: "rename", id: nurses!.id, name: "  " })).status).toBe(400);
    expect((await post(rita, { intent: "rename", id: nurses!.id, name: "ICU nurses" })).status).toBe(200);
    expect((await list(rita.cookie)).map((s) => s.name)).toEqual(["ICU nurses"]);
    expect((await post(rita, { intent: "delete", id: nurses!.id })).status).toBe(200);
    expect(await list(rita.cookie)).toEqual([]);
  });

  it("sends a signed-out visitor to sign in", async () => {
    const page = await run(listRoute.loader, request("/saved-searches"), services);
    expect(page.headers.get("location")).toMatch(/^\/sign-in\?/);
  });
});
