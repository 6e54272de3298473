/** The badge image route as Remix runs it: a good image served from our origin, a private address never reached. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { candidates, credentialImages, credentials } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import type { Services } from "#app/services.server";
import { createSafeFetch } from "#app/ingest/safe-fetch.server";
import { request, run, signedInStaff, testClock, testServices } from "#app/auth/test-helpers";
import { RETRY_REFUSED_AFTER_MS } from "#app/credential-card/badge-image.server";
import { PLACEHOLDER_SVG } from "#app/credential-card/placeholder";
import * as imageRoute from "./credentials.$credentialId.image";

// A 1×1 PNG, as an issuer's server would send it.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

function credentialWithImage(image: string) {
  return JSON.stringify({
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: { id: "did:example:issuer", name: "Harbour College" },
    credentialSubject: { achievement: { name: "Welding", image: { id: image, type: "Image" } } },
  });
}

describe.each(testDatabaseKinds())("/credentials/:id/image on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  let cookie: string;
  let server: Server;
  let origin: string;
  const clock = testClock();
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? "");
      if (req.url === "/badge.png") res.writeHead(200, { "content-type": "image/png" }).end(PNG);
      else res.writeHead(200, { "content-type": "image/png" }).end("<html><script>alert(1)</script></html>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    origin = `http://127.0.0.1:${port}`;
    handle = await kind.open();
    services = {
      ...(await testServices(handle, clock.now)),
      // Only the test server's own port is allowed, as an operator allows an intranet issuer; a name that
      // resolves to a private address is refused before any connection.
      safeFetch: createSafeFetch({
        allowHosts: [`127.0.0.1:${port}`],
        resolve: async () => [{ address: "10.1.2.3", family: 4 }],
        log: () => {},
      }),
    };
    cookie = (await signedInStaff(services, "recruiter")).cookie;
    await handle.db.insert(candidates).values({
      id: "cand_1",
      displayName: "Ada",
      email: "ada@example.com",
      consentedAt: clock.now(),
      consentTextVersion: "test",
    });
    const stored = (id: string, rawText: string) => ({
      id,
      candidateId: "cand_1",
      rawText,
      contentHash: id,
      source: "paste",
      format: "obv3",
      verdict: "verified" as const,
      report: { input: "paste", verdict: "verified" as const, checks: [], credentials: [], skills: [], checkedAt: "" },
      verifiedAt: clock.now(),
    });
    await handle.db
      .insert(credentials)
      .values([
        stored("cred_good", credentialWithImage(`${origin}/badge.png`)),
        stored("cred_html", credentialWithImage(`${origin}/page`)),
        stored("cred_private", credentialWithImage("https://badges.intranet.example/badge.png")),
        stored("cred_embedded", credentialWithImage(`data:image/png;base64,${PNG.toString("base64")}`)),
        stored("cred_embedded_html", credentialWithImage("data:image/png;base64,PGh0bWw+PHNjcmlwdD4=")),
      ]);
  });
  afterAll(async () => {
    await handle?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const get = (id: string, who = cookie) =>
    run(imageRoute.loader, request(`/credentials/${id}/image`, { cookie: who }), services, { credentialId: id });

  it("fetches a linked image once through the safe fetcher and serves it as what it is, from the database after", async () => {
    const first = await get("cred_good");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("image/png");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(first.headers.get("content-security-policy")).toContain("sandbox");
    expect(Buffer.from(await first.arrayBuffer())).toEqual(PNG);
    const again = await get("cred_good");
    expect(Buffer.from(await again.arrayBuffer())).toEqual(PNG);
    expect(hits.filter((h) => h === "/badge.png")).toHaveLength(1);
  });

  it("refuses an image whose host is a private address: no connection, a placeholder, the refusal kept", async () => {
    const response = await get("cred_private");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-attest-image")).toBe("placeholder");
    expect(response.headers.get("content-type")).toBe("image/svg+xml");
    expect(await response.text()).toBe(PLACEHOLDER_SVG);
    const [row] = await handle.db
      .select()
      .from(credentialImages)
      .where(eq(credentialImages.credentialId, "cred_private"));
    expect(row).toMatchObject({ refusal: "private-address", bytes: null });
  });

  it("serves a placeholder, not the body, when a server sends HTML labelled as a PNG; asks again only a day later", async () => {
    expect((await get("cred_html")).headers.get("x-attest-image")).toBe("placeholder");
    await get("cred_html");
    expect(hits.filter((h) => h === "/page")).toHaveLength(1);
    clock.advance(RETRY_REFUSED_AFTER_MS + 1);
    // A day later the session has lapsed too: sign in again.
    cookie = (await signedInStaff(services, "recruiter")).cookie;
    await get("cred_html");
    expect(hits.filter((h) => h === "/page")).toHaveLength(2);
  });

  it("serves an embedded image from the credential itself, and refuses embedded HTML", async () => {
    const embedded = await get("cred_embedded");
    expect(embedded.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await embedded.arrayBuffer())).toEqual(PNG);
    expect((await get("cred_embedded_html")).headers.get("x-attest-image")).toBe("placeholder");
  });

  it("answers 404 for an unknown credential and sends strangers to sign in", async () => {
    expect((await get("cred_nope")).status).toBe(404);
    expect((await get("cred_good", "")).status).toBe(302);
  });
});
