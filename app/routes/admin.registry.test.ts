/** The registry page as Remix runs it: an admin's session, CSRF, form and file uploads, the answer's status. */
import type { DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import { listAuditEvents } from "#app/audit/audit.server";
import type { Services } from "#app/services.server";
import { ORIGIN, request, run, signedInStaff, testServices } from "#app/auth/test-helpers";
import * as registryRoute from "./admin.registry";

const DID = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";

describe.each(testDatabaseKinds())("/admin/registry on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  let admin: Awaited<ReturnType<typeof signedInStaff>>;
  let invalidated = 0;
  beforeAll(async () => {
    handle = await kind.open();
    services = { ...(await testServices(handle)), trustRegistryChanged: () => void invalidated++ };
    admin = await signedInStaff(services, "admin");
  });
  afterAll(() => handle?.close());

  const post = (form: Record<string, string>) =>
    run(
      registryRoute.action,
      request("/admin/registry", { cookie: admin.cookie, form: { csrf: admin.csrfToken, ...form } }),
      services,
    );
  const entries = async () => {
    const response = await run(registryRoute.loader, request("/admin/registry", { cookie: admin.cookie }), services);
    return ((await response.json()) as { entries: { issuerId: string; name: string; registry: string }[] }).entries;
  };

  it("starts empty", async () => {
    expect(await entries()).toEqual([]);
  });

  it("adds an issuer, audits it as the admin from their address, and drops the cached registry", async () => {
    const response = await post({
      intent: "add",
      issuerId: DID,
      name: "Example University",
      homepage: "https://example.edu",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ error: null, done: "Example University is now on the registry." });
    expect(await entries()).toMatchObject([{ issuerId: DID, name: "Example University", registry: "manual" }]);
    expect(invalidated).toBe(1);
    const [audit] = await listAuditEvents(services.db, { action: "registry.add" });
    expect(audit).toMatchObject({ actor: admin.email, actorId: admin.id, fromAddress: "192.0.2.1", subjectId: DID });
  });

  it("answers a bad form with 400 and one sentence, and changes nothing", async () => {
    const response = await post({ intent: "add", issuerId: "example.org", name: "Example" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^The issuer must be a DID/);
    const noName = await post({ intent: "add", issuerId: "https://example.org/issuer", name: "" });
    expect(((await noName.json()) as { error: string }).error).toBe("Enter the name to show for this issuer.");
    expect(await entries()).toHaveLength(1);
  });

  it("refuses a post without the session's CSRF token", async () => {
    const forged = await run(
      registryRoute.action,
      request("/admin/registry", { cookie: admin.cookie, form: { csrf: "forged", intent: "remove", issuerId: DID } }),
      services,
    );
    expect(forged.status).toBe(403);
    expect(await entries()).toHaveLength(1);
  });

  it("imports an uploaded registry file and says what it did", async () => {
    const body = new FormData();
    body.set("csrf", admin.csrfToken);
    body.set("intent", "import");
    const registry = {
      registry: {
        [DID]: { name: "Example University (DCC)" },
        "did:web:new.example": { name: "New College" },
        "did:web:x.example": {},
      },
    };
    body.set("file", new File([JSON.stringify(registry)], "dcc-sandbox.json", { type: "application/json" }));
    const req = new Request(new URL("/admin/registry", ORIGIN), {
      method: "POST",
      headers: { cookie: admin.cookie },
      body,
    });
    const response = await run(registryRoute.action, req, services);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { done: string }).done).toBe(
      "Imported: 1 added, 1 updated, 1 skipped because did:web:x.example has no name, from the dcc-sandbox registry.",
    );
    expect((await entries()).map((e) => [e.name, e.registry])).toEqual([
      ["Example University (DCC)", "dcc-sandbox"],
      ["New College", "dcc-sandbox"],
    ]);
    expect(await listAuditEvents(services.db, { action: "registry.import" })).toHaveLength(1);
  });

  it("asks for a file when none was chosen", async () => {
    const response = await post({ intent: "import" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "Choose a registry file (JSON) to import.", done: null });
  });

  it("removes an issuer once; a second removal says it is already gone", async () => {
    const removed = await post({ intent: "remove", issuerId: "did:web:new.example" });
    expect(await removed.json()).toEqual({ error: null, done: "Removed New College from the registry." });
    const again = await post({ intent: "remove", issuerId: "did:web:new.example" });
    expect(again.status).toBe(400);
    expect((await entries()).map((e) => e.issuerId)).toEqual([DID]);
    expect(await listAuditEvents(services.db, { action: "registry.remove" })).toHaveLength(1);
  });

  it("is for admins only", async () => {
    const verifier = await signedInStaff(services, "verifier");
    const response = await run(
      registryRoute.action,
      request("/admin/registry", {
        cookie: verifier.cookie,
        form: { csrf: verifier.csrfToken, intent: "remove", issuerId: DID },
      }),
      services,
    );
    expect(response.status).toBe(403);
    expect(await entries()).toHaveLength(1);
  });
});
