import http from "node:http";
import type { AddressInfo } from "node:net";
import { createSafeFetch, FetchRefusedError, type SafeFetch, type SafeResponse } from "#app/ingest/safe-fetch.server";
import { loadFixture } from "#app/verification/fixtures/load-fixture.server";
import type { ResolvedItem } from "./resolved-item";
import { resolveShareLink } from "./share-link.server";

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const SAMPLE_JWT = `${base64url({ alg: "EdDSA" })}.${base64url({ vc: {} })}.c2lnbmF0dXJl`;

const credential = loadFixture("dcc-vc2-obv3-eddsa-didkey-skill-alignments");
const other = loadFixture("dcc-vc2-obv3-ed25519-didkey-status-valid");
const presentationOf = (...credentials: unknown[]) => ({
  "@context": ["https://www.w3.org/ns/credentials/v2"],
  type: ["VerifiablePresentation"],
  holder: "did:key:z6MkHolder",
  verifiableCredential: credentials,
});

const UUID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const API_URL = `https://verifierplus.org/api/credentials/${UUID}`;
const PUBLIC_LINK = `https://verifierplus.org/credentials/${UUID}`;

type Route = unknown | FetchRefusedError | { text: string };

/** A safeFetch that answers from a table and records what was asked, so resolvers run with no network. */
function fakeSafeFetch(routes: Record<string, Route>) {
  const calls: string[] = [];
  const safeFetch: SafeFetch = async (url) => {
    calls.push(url);
    const route = routes[url];
    if (route instanceof Error) throw route;
    if (route === undefined) {
      throw new FetchRefusedError(
        "http-status",
        `${new URL(url).host} answered “404 Not Found” instead of the document.`,
        new URL(url).host,
        { status: 404 },
      );
    }
    const text =
      typeof route === "object" && route !== null && "text" in route ? String(route.text) : JSON.stringify(route);
    const response: SafeResponse = {
      url,
      status: 200,
      contentType: "application/json",
      body: Buffer.from(text),
      text: () => text,
      json: () => JSON.parse(text),
    };
    return response;
  };
  return { safeFetch, calls };
}

const documentsOf = (items: ResolvedItem[]) =>
  items.map((item) => (item.ok && item.kind !== "jwt" ? item.document : item));

describe("resolveShareLink: VerifierPlus and the Learner Credential Wallet", () => {
  it("fetches a public link's JSON from the API and takes the credentials from its presentation", async () => {
    const vp = presentationOf(credential);
    const { safeFetch, calls } = fakeSafeFetch({
      [API_URL]: { vp, id: UUID, controller: "did:key:z6MkHolder", credential: [credential], shared: true },
    });
    const items = await resolveShareLink(` ${PUBLIC_LINK} `, { safeFetch });
    expect(calls).toEqual([API_URL]);
    expect(items).toHaveLength(1); // the extracted `credential` duplicates the presentation's: not counted twice
    expect(items[0]).toMatchObject({ ok: true, kind: "credential", source: PUBLIC_LINK, document: credential });
    expect(items[0].ok && items[0].presentation?.document).toEqual(vp);
  });

  it("reads every credential of a multi-credential presentation, plus any extracted credential it lacks", async () => {
    const { safeFetch } = fakeSafeFetch({
      [API_URL]: {
        vp: presentationOf(credential, other),
        credential: { ...credential, id: "urn:extra" },
        shared: true,
      },
    });
    const items = await resolveShareLink(PUBLIC_LINK, { safeFetch });
    expect(documentsOf(items)).toEqual([credential, other, { ...credential, id: "urn:extra" }]);
    expect(items.map((item) => item.source)).toEqual([1, 2, 3].map((n) => `${PUBLIC_LINK} (item ${n} of 3)`));
  });

  it("takes the credential alone when the record has no presentation", async () => {
    const { safeFetch } = fakeSafeFetch({ [API_URL]: { credential, shared: true } });
    expect(documentsOf(await resolveShareLink(PUBLIC_LINK, { safeFetch }))).toEqual([credential]);
  });

  it("accepts the API URL itself, with the id in any case", async () => {
    const { safeFetch, calls } = fakeSafeFetch({ [API_URL]: { credential, shared: true } });
    const link = `https://www.verifierplus.org/api/credentials/${UUID.toUpperCase()}`;
    expect(documentsOf(await resolveShareLink(link, { safeFetch }))).toEqual([credential]);
    expect(calls).toEqual([API_URL]);
  });

  it("says when a link was unshared or has expired", async () => {
    const unshared = fakeSafeFetch({ [API_URL]: { credential, shared: false } });
    expect(await resolveShareLink(PUBLIC_LINK, unshared)).toMatchObject([{ ok: false, code: "link-expired" }]);
    const gone = fakeSafeFetch({});
    const [item] = await resolveShareLink(PUBLIC_LINK, gone);
    expect(item).toMatchObject({ ok: false, code: "link-expired", source: PUBLIC_LINK });
    expect(!item.ok && item.reason).toMatch(/expired/);
  });

  it("refuses a VerifierPlus page that is not a credential link, without fetching", async () => {
    const { safeFetch, calls } = fakeSafeFetch({});
    expect(await resolveShareLink("https://verifierplus.org/credentials/not-a-uuid", { safeFetch })).toMatchObject([
      { ok: false, code: "invalid-url" },
    ]);
    expect(await resolveShareLink("https://verifierplus.org/", { safeFetch })).toMatchObject([
      { ok: false, code: "invalid-url" },
    ]);
    expect(calls).toEqual([]);
  });

  it.each([
    ["raw", "https://verifierplus.org/#verify?vc=https://issuer.example/creds/1.json?download=1&lang=en"],
    [
      "encoded",
      `https://verifierplus.org/#verify?vc=${encodeURIComponent(
        "https://issuer.example/creds/1.json?download=1&lang=en",
      )}`,
    ],
  ])("follows a hash link with a %s target", async (_name, link) => {
    const target = "https://issuer.example/creds/1.json?download=1&lang=en";
    const { safeFetch, calls } = fakeSafeFetch({ [target]: credential });
    const items = await resolveShareLink(link, { safeFetch });
    expect(calls).toEqual([target]);
    expect(items).toMatchObject([{ ok: true, kind: "credential", source: link, document: credential }]);
  });
});

describe("resolveShareLink: LinkedIn", () => {
  const linkedIn = (certUrl: string) =>
    `https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Hydroponics&organizationName=Example&certUrl=${encodeURIComponent(
      certUrl,
    )}`;

  it("follows certUrl to the credential's own link", async () => {
    const { safeFetch, calls } = fakeSafeFetch({ [API_URL]: { credential, shared: true } });
    const link = linkedIn(PUBLIC_LINK);
    expect(await resolveShareLink(link, { safeFetch })).toMatchObject([
      { ok: true, source: link, document: credential },
    ]);
    expect(calls).toEqual([API_URL]);
  });

  it("follows certUrl to a VerifierPlus hash link, two unwraps deep", async () => {
    const { safeFetch, calls } = fakeSafeFetch({ "https://issuer.example/1.json": credential });
    await resolveShareLink(linkedIn("https://verifierplus.org/#verify?vc=https://issuer.example/1.json"), {
      safeFetch,
    });
    expect(calls).toEqual(["https://issuer.example/1.json"]);
  });

  it("refuses links that only lead to more links", async () => {
    const { safeFetch, calls } = fakeSafeFetch({});
    const nested = linkedIn(linkedIn(linkedIn(PUBLIC_LINK)));
    expect(await resolveShareLink(nested, { safeFetch })).toMatchObject([{ ok: false, code: "nested-link" }]);
    expect(calls).toEqual([]);
  });

  it("explains a LinkedIn link without certUrl", async () => {
    const { safeFetch } = fakeSafeFetch({});
    const [item] = await resolveShareLink("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME", {
      safeFetch,
    });
    expect(item).toMatchObject({ ok: false, code: "invalid-url" });
    expect(!item.ok && item.reason).toContain("certUrl");
  });
});

describe("resolveShareLink: direct links", () => {
  it("reads a presentation, one item per credential, with the bad ones as values", async () => {
    const vp = presentationOf(credential, 42, SAMPLE_JWT);
    const { safeFetch } = fakeSafeFetch({ "https://wallet.example/vp.json": vp });
    const items = await resolveShareLink("https://wallet.example/vp.json", { safeFetch });
    expect(items.map((item) => (item.ok ? item.kind : item.code))).toEqual(["credential", "not-an-object", "jwt"]);
    expect(items[2].ok && items[2].presentation?.document).toEqual(vp);
  });

  it("reads an Open Badges 2.0 hosted assertion", async () => {
    const assertion = {
      "@context": "https://w3id.org/openbadges/v2",
      type: "Assertion",
      id: "https://badges.example/assertions/1",
      badge: "https://badges.example/badges/hydroponics",
      recipient: { type: "email", hashed: true, identity: "sha256$abc" },
      verification: { type: "hosted" },
    };
    const { safeFetch } = fakeSafeFetch({ "https://badges.example/assertions/1": assertion });
    expect(await resolveShareLink("https://badges.example/assertions/1", { safeFetch })).toEqual([
      {
        ok: true,
        kind: "ob2-assertion",
        document: assertion,
        source: "https://badges.example/assertions/1",
        raw: JSON.stringify(assertion),
      },
    ]);
  });

  it("reads a JWT served as text", async () => {
    const { safeFetch } = fakeSafeFetch({ "https://issuer.example/1.jwt": { text: `${SAMPLE_JWT}\n` } });
    expect(await resolveShareLink("https://issuer.example/1.jwt", { safeFetch })).toMatchObject([
      { ok: true, kind: "jwt", jwt: SAMPLE_JWT },
    ]);
  });

  it("turns a refused fetch into an item with the fetcher's code and sentence", async () => {
    const refusal = new FetchRefusedError(
      "private-address",
      "Attest does not open intranet.example: it points to a private or reserved network address, not a public website.",
      "intranet.example",
    );
    const { safeFetch } = fakeSafeFetch({ "https://intranet.example/1.json": refusal });
    expect(await resolveShareLink("https://intranet.example/1.json", { safeFetch })).toEqual([
      { ok: false, source: "https://intranet.example/1.json", code: "private-address", reason: refusal.message },
    ]);
  });

  it("lets a programming error through rather than dressing it as a refusal", async () => {
    const safeFetch: SafeFetch = async () => {
      throw new TypeError("bug");
    };
    await expect(resolveShareLink("https://issuer.example/1.json", { safeFetch })).rejects.toThrow(TypeError);
  });

  it.each(["not a link", "", "verifierplus.org/credentials/x"])("refuses %j as not a link", async (link) => {
    const { safeFetch, calls } = fakeSafeFetch({});
    expect(await resolveShareLink(link, { safeFetch })).toMatchObject([{ ok: false, code: "invalid-url" }]);
    expect(calls).toEqual([]);
  });

  it("shortens a huge link when naming the source", async () => {
    const link = `https://issuer.example/${"x".repeat(5_000)}`;
    const [item] = await resolveShareLink(link, fakeSafeFetch({}));
    expect(item.source.length).toBeLessThanOrEqual(500);
  });
});

describe("resolveShareLink with the real safe fetcher, on loopback", () => {
  let server: http.Server;
  let origin: string;
  const requested: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requested.push(req.url ?? "");
      const send = (type: string, body: string) => res.writeHead(200, { "content-type": type }).end(body);
      if (req.url === "/vp.json") send("application/json", JSON.stringify(presentationOf(credential, other)));
      else if (req.url === "/cred.jwt") send("text/plain; charset=utf-8", SAMPLE_JWT);
      else if (req.url === "/page") send("text/html", "<html>Sign in</html>");
      else if (req.url === "/moved") res.writeHead(302, { location: "/vp.json" }).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const deps = () => ({
    safeFetch: createSafeFetch({
      allowHosts: [new URL(origin).host],
      connectTimeoutMs: 1_000,
      headersTimeoutMs: 1_000,
      bodyTimeoutMs: 1_000,
      log: () => {},
    }),
  });

  it("follows a VerifierPlus hash link to a presentation, through a redirect", async () => {
    const items = await resolveShareLink(`https://verifierplus.org/#verify?vc=${origin}/moved`, deps());
    expect(documentsOf(items)).toEqual([credential, other]);
  });

  it("reads a JWT served as text/plain", async () => {
    expect(await resolveShareLink(`${origin}/cred.jwt`, deps())).toMatchObject([
      { ok: true, kind: "jwt", jwt: SAMPLE_JWT },
    ]);
  });

  it("refuses an HTML page, a missing document and a host that is not allowed, each with a reason", async () => {
    const [page] = await resolveShareLink(`${origin}/page`, deps());
    expect(page).toMatchObject({ ok: false, code: "content-type" });
    expect(await resolveShareLink(`${origin}/missing`, deps())).toMatchObject([{ ok: false, code: "http-status" }]);
    const port = new URL(origin).port;
    const refused = await resolveShareLink(`https://127.0.0.2:${port}/vp.json`, deps());
    expect(refused).toMatchObject([{ ok: false, code: "private-address" }]);
    expect(!refused[0].ok && refused[0].reason).toMatch(/private or reserved/);
  });
});
