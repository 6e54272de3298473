/** The API keys page as Remix runs it: an admin makes a key (shown once), sees it listed, revokes it; each is audited. */
import type { DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import { listAuditEvents } from "#app/audit/audit.server";
import { requireApiKey } from "#app/auth/api-keys.server";
import type { Services } from "#app/services.server";
import { request, run, signedInStaff, testServices } from "#app/auth/test-helpers";
import * as keysRoute from "./admin.api-keys";

describe.each(testDatabaseKinds())("/admin/api-keys on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  let admin: Awaited<ReturnType<typeof signedInStaff>>;
  beforeAll(async () => {
    handle = await kind.open();
    services = await testServices(handle);
    admin = await signedInStaff(services, "admin");
  });
  afterAll(() => handle?.close());

  const post = (form: Record<string, string>, scopes: string[] = []) => {
    const req = request("/admin/api-keys", { cookie: admin.cookie, form: { csrf: admin.csrfToken, ...form } });
    const body = new URLSearchParams({ csrf: admin.csrfToken, ...form });
    for (const scope of scopes) body.append("scopes", scope);
    return run(keysRoute.action, new Request(req.url, { method: "POST", headers: req.headers, body }), services);
  };
  const listed = async () => {
    const response = await run(keysRoute.loader, request("/admin/api-keys", { cookie: admin.cookie }), services);
    return {
      text: await response.clone().text(),
      keys: (
        (await response.json()) as {
          keys: Array<{ id: string; state: string; scopes: string[]; expiresAt: string | null }>;
        }
      ).keys,
    };
  };

  it("makes a key with the scopes and expiry chosen, shows its secret once, and records who made it", async () => {
    const created = await post({ intent: "create", name: "Greenhouse ATS", expiresInDays: "30" }, ["submit"]);
    expect(created.status).toBe(200);
    const { created: key } = (await created.json()) as { created: { id: string; secret: string } };
    expect(key.secret).toMatch(/^attest_/);
    const { text, keys } = await listed();
    expect(text).not.toContain(key.secret);
    expect(keys.find((k) => k.id === key.id)).toMatchObject({
      state: "active",
      scopes: ["submit"],
      expiresAt: expect.any(String),
    });
    const authorised = new Request("http://attest.test/api", { headers: { authorization: `Bearer ${key.secret}` } });
    expect((await requireApiKey(authorised, services.db, new Date(), "submit")).id).toBe(key.id);
    const [entry] = await listAuditEvents(services.db, { action: "api-key.create" });
    expect(entry).toMatchObject({
      actorId: admin.id,
      subjectId: key.id,
      detail: expect.objectContaining({ scopes: ["submit"] }),
    });
    expect(JSON.stringify(entry)).not.toContain(key.secret);
  });

  it("refuses a key without any scope, with a sentence", async () => {
    const refused = await post({ intent: "create", name: "Nothing" });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toMatch(/Choose what the key may do/);
  });

  it("revokes a key at once, audited; a second revoke says so", async () => {
    const made = (await (await post({ intent: "create", name: "Old script" }, ["verify"])).json()) as {
      created: { id: string; secret: string };
    };
    const revoked = await post({ intent: "revoke", keyId: made.created.id });
    expect(revoked.status).toBe(200);
    expect((await listed()).keys.find((k) => k.id === made.created.id)?.state).toBe("revoked");
    const authorised = new Request("http://attest.test/api", {
      headers: { authorization: `Bearer ${made.created.secret}` },
    });
    await expect(requireApiKey(authorised, services.db, new Date(), "verify")).rejects.toMatchObject({ status: 401 });
    expect(await listAuditEvents(services.db, { action: "api-key.revoke" })).toEqual([
      expect.objectContaining({ actorId: admin.id, subjectId: made.created.id }),
    ]);
    expect((await post({ intent: "revoke", keyId: made.created.id })).status).toBe(400);
  });
});
