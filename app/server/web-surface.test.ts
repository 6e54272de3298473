import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server";
import { MAX_FORM_BYTES } from "./body-limits";
import { installWebSurface, loadContextFor, parseTrustProxy, type TrustProxy } from "./web-surface";

/**
 * A Remix build with one resource route, /probe, that answers what a loader sees: the URL Remix built (its scheme
 * decides the Secure cookie, app/auth/session.server.ts) and the client address of the load context.
 */
function probeBuild(): ServerBuild {
  const probe = {
    loader: ({ request, context }: { request: Request; context: { clientAddress: string; cspNonce?: string } }) =>
      Response.json({ url: request.url, clientAddress: context.clientAddress, nonce: context.cspNonce }),
    action: () => Response.json({ reached: true }),
  };
  return {
    mode: "production",
    entry: { module: { default: () => new Response("") } },
    routes: {
      root: { id: "root", path: "", module: {} },
      "routes/probe": { id: "routes/probe", parentId: "root", path: "probe", module: probe },
      "routes/sign-in": { id: "routes/sign-in", parentId: "root", path: "sign-in", module: probe },
    },
    assets: { routes: {}, entry: { module: "", imports: [] }, url: "", version: "1" },
    future: {},
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    isSpaMode: false,
    basename: "/",
  } as unknown as ServerBuild;
}

const servers: http.Server[] = [];
afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve)))));

async function start(trustProxy: TrustProxy): Promise<string> {
  const app = express();
  installWebSurface(app, { trustProxy });
  app.get("/big", (_req, res) => res.type("text/html").send("<p>Attest</p>".repeat(500)));
  app.all("*", createRequestHandler({ build: probeBuild(), getLoadContext: loadContextFor({} as Services) }));
  const server = app.listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((resolve) => server.once("listening", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const behindProxy = { "x-forwarded-for": "198.51.100.66, 203.0.113.9", "x-forwarded-proto": "https" };

describe("ATTEST_TRUST_PROXY", () => {
  it("reads a hop count, addresses and subnets; refuses 'true' and what is not an address, with a sentence", () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy("")).toBe(false);
    expect(parseTrustProxy("1")).toBe(1);
    expect(parseTrustProxy("loopback, 10.0.0.0/8, 2001:db8::1")).toEqual(["loopback", "10.0.0.0/8", "2001:db8::1"]);
    expect(() => parseTrustProxy("true")).toThrow(/any client can write/);
    expect(() => parseTrustProxy("proxy.example")).toThrow(/is not an address, a subnet/);
    expect(() => parseTrustProxy("10.0.0.0/40")).toThrow(/is not an address, a subnet/);
  });

  it("without it, X-Forwarded-For and X-Forwarded-Proto are ignored: the socket is the client, the scheme is http", async () => {
    const origin = await start(false);
    const response = await fetch(`${origin}/probe`, { headers: behindProxy });
    const seen = (await response.json()) as { url: string; clientAddress: string };
    expect(seen.url).toMatch(/^http:\/\//);
    expect(seen.clientAddress).toBe("127.0.0.1");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("behind a trusted proxy, the client address and https come from its headers (so cookies are Secure and HSTS is sent)", async () => {
    const origin = await start(parseTrustProxy("loopback"));
    const response = await fetch(`${origin}/probe`, { headers: behindProxy });
    const seen = (await response.json()) as { url: string; clientAddress: string };
    expect(seen.url).toMatch(/^https:\/\//);
    // The address the trusted proxy appended, not the one the client wrote before it.
    expect(seen.clientAddress).toBe("203.0.113.9");
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=31536000/);

    // One hop: only the last entry is believed.
    const oneHop = await start(1);
    const hop = (await (await fetch(`${oneHop}/probe`, { headers: behindProxy })).json()) as { clientAddress: string };
    expect(hop.clientAddress).toBe("203.0.113.9");
  });
});

describe("security headers", () => {
  it("sends a CSP with a fresh nonce per response (no unsafe-inline script), and the other headers, on every response", async () => {
    const origin = await start(false);
    const nonces = new Set<string>();
    for (const path of ["/probe", "/probe", "/big", "/nowhere"]) {
      const response = await fetch(`${origin}${path}`);
      const csp = response.headers.get("content-security-policy") ?? "";
      const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? "";
      expect(scriptSrc, path).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
      expect(scriptSrc, path).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(csp, path).toMatch(/object-src 'none'/);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), path).toBe("same-origin");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("x-powered-by"), path).toBeNull();
      nonces.add(/'nonce-([^']+)'/.exec(scriptSrc)![1]!);
    }
    expect(nonces.size).toBe(4);
    // The loader's context carries the same nonce as the header, for Remix's <Scripts nonce>.
    const response = await fetch(`${origin}/probe`);
    const { nonce } = (await response.json()) as { nonce: string };
    expect(response.headers.get("content-security-policy")).toContain(`'nonce-${nonce}'`);
  });

  it("sends no Referer from a shortlist's share page, whose URL is its credential; other pages keep same-origin", async () => {
    const origin = await start(false);
    const shared = await fetch(`${origin}/shared/${"A".repeat(43)}`);
    expect(shared.headers.get("referrer-policy")).toBe("no-referrer");
    const other = await fetch(`${origin}/sharedx`);
    expect(other.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("compresses responses for a client that accepts it", async () => {
    const origin = await start(false);
    const response = await fetch(`${origin}/big`, { headers: { "accept-encoding": "gzip" } });
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(await response.text()).toContain("<p>Attest</p>");
  });
});

/** Sends only the headers of a POST (no body at all) and returns the status and text of the answer. */
function postHeadersOnly(
  origin: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${origin}${path}`, { method: "POST", headers }, (response) => {
      let text = "";
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on("error", reject);
    request.flushHeaders();
  });
}

describe("request body caps", () => {
  it("refuses a 100 MB sign-in form with 413 and a sentence before reading any of it", async () => {
    const origin = await start(false);
    const answer = await postHeadersOnly(origin, "/sign-in", {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(100_000_000),
    });
    expect(answer.status).toBe(413);
    expect(answer.text).toMatch(/larger than 64 KB, the most a form accepts, so none of it was read/);
  });

  it("answers the JSON API's oversized body in JSON, with the sentence as its message", async () => {
    const origin = await start(false);
    const answer = await postHeadersOnly(origin, "/api/submissions", {
      "content-type": "application/json",
      "content-length": String(100_000_000),
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toMatchObject({
      error: "too-large",
      message: expect.stringMatching(/none of it was read/),
    });
  });

  it("refuses a form body without a declared size (411), and lets an ordinary form through", async () => {
    const origin = await start(false);
    const chunked = await postHeadersOnly(origin, "/sign-in", {
      "content-type": "application/x-www-form-urlencoded",
      "transfer-encoding": "chunked",
    });
    expect(chunked.status).toBe(411);
    expect(chunked.text).toMatch(/Content-Length/);
    const ok = await fetch(`${origin}/probe?_data=routes/probe`, {
      method: "POST",
      body: new URLSearchParams({ email: "a@example.com", password: "x".repeat(MAX_FORM_BYTES / 2) }),
    });
    expect(ok.status).toBe(200);
  });
});
