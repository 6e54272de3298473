import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import {
  createSafeFetch,
  FetchRefusedError,
  isForbiddenAddress,
  safeFetchOptionsFromEnv,
  type FetchRefusalCode,
  type ResolvedAddress,
  type SafeFetchOptions,
} from "./safe-fetch.server";

// Every server here listens on 127.0.0.1 with an OS-chosen port; nothing in this file touches another machine.

interface TestServer {
  port: number;
  /** "127.0.0.1:<port>", as an allow-list entry. */
  host: string;
  origin: string;
  requests: Array<{ url: string; headers: IncomingHttpHeaders }>;
}

const openServers: net.Server[] = [];
const openSockets = new Set<net.Socket>();

async function listen(server: net.Server): Promise<number> {
  openServers.push(server);
  server.on("connection", (socket: net.Socket) => {
    openSockets.add(socket);
    socket.once("close", () => openSockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function startServer(handler: (req: IncomingMessage, res: ServerResponse, server: TestServer) => void) {
  const requests: TestServer["requests"] = [];
  const state = { requests } as TestServer;
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? "", headers: req.headers });
    handler(req, res, state);
  });
  const port = await listen(server);
  return Object.assign(state, { port, host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` });
}

function sendJson(res: ServerResponse, value: unknown, headers: http.OutgoingHttpHeaders = {}) {
  res.writeHead(200, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(value));
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const socket of openSockets) socket.destroy();
  await Promise.all(openServers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Small deadlines keep the timeout tests fast; the defaults are seconds. */
const FAST: SafeFetchOptions = { connectTimeoutMs: 1_000, headersTimeoutMs: 300, bodyTimeoutMs: 300, log: () => {} };

function fetcherFor(servers: TestServer[], options: SafeFetchOptions = {}) {
  return createSafeFetch({ ...FAST, allowHosts: servers.map((s) => s.host), ...options });
}

/** A resolver for made-up names; records every call so a test can prove how often DNS was asked. */
function fakeResolver(answers: Record<string, string[] | Array<string[]>>) {
  const calls: string[] = [];
  const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
    calls.push(hostname);
    const entry = answers[hostname];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    // A list of lists answers differently on each call: the first list, then the second, and so on.
    const nth = calls.filter((h) => h === hostname).length - 1;
    const list = (Array.isArray(entry[0]) ? (entry as string[][])[Math.min(nth, entry.length - 1)] : entry) as string[];
    return list.map((address) => ({ address, family: net.isIP(address) as 4 | 6 }));
  };
  return { resolve, calls };
}

/**
 * Watches every outgoing TCP connection made in this process. Connections to 127.0.0.1 go ahead; any other
 * address is refused on the spot, as an unreachable network would refuse it, so no packet leaves the machine.
 */
function watchConnections() {
  const targets: string[] = [];
  const connect = net.Socket.prototype.connect;
  vi.spyOn(net.Socket.prototype, "connect").mockImplementation(function (this: net.Socket, ...args: unknown[]) {
    const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as net.TcpNetConnectOpts | number;
    const host = typeof first === "object" ? String(first.host) : String(args[1]);
    targets.push(host);
    if (host === "127.0.0.1") return connect.apply(this, args as Parameters<typeof connect>);
    process.nextTick(() =>
      this.destroy(Object.assign(new Error(`connect ECONNREFUSED ${host} (test network)`), { code: "ECONNREFUSED" })),
    );
    return this;
  });
  return targets;
}

async function refusalOf(promise: Promise<unknown>): Promise<FetchRefusedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FetchRefusedError) return error;
    throw error;
  }
  throw new Error("expected the fetch to be refused, but it succeeded");
}

async function expectRefused(promise: Promise<unknown>, code: FetchRefusalCode): Promise<FetchRefusedError> {
  const error = await refusalOf(promise);
  expect(error.code).toBe(code);
  return error;
}

const credential = { "@context": ["https://www.w3.org/ns/credentials/v2"], type: ["VerifiableCredential"] };

describe("allowed hosts", () => {
  it("fetches JSON over plain http from a host the operator allowed", async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, credential, { "content-type": "application/ld+json; charset=utf-8" }),
    );
    const response = await fetcherFor([server])(`${server.origin}/cred.json`);
    expect(response).toMatchObject({
      url: `${server.origin}/cred.json`,
      status: 200,
      contentType: "application/ld+json",
    });
    expect(response.json()).toEqual(credential);
    expect(response.text()).toBe(JSON.stringify(credential));
  });

  it("refuses the same server when it is not allowed, because it is a loopback address", async () => {
    const server = await startServer((_req, res) => sendJson(res, credential));
    const safeFetch = createSafeFetch(FAST);
    const error = await expectRefused(safeFetch(`https://127.0.0.1:${server.port}/cred.json`), "private-address");
    expect(error.message).toContain(`127.0.0.1:${server.port}`);
    const { resolve } = fakeResolver({ "issuer.example": ["127.0.0.1"] });
    await expectRefused(
      createSafeFetch({ ...FAST, resolve })(`https://issuer.example:${server.port}/cred.json`),
      "private-address",
    );
    expect(server.requests).toHaveLength(0);
  });

  it("refuses plain http for a host that is not allowed, before asking DNS", async () => {
    const { resolve, calls } = fakeResolver({ "issuer.example": ["1.2.3.4"] });
    const error = await expectRefused(
      createSafeFetch({ ...FAST, resolve })("http://issuer.example/cred.json"),
      "scheme-not-allowed",
    );
    expect(error.message).toMatch(/https:\/\//);
    expect(calls).toEqual([]);
  });

  it("allows exactly the listed port; an entry without a port covers only the default ports", async () => {
    const server = await startServer((_req, res) => sendJson(res, credential));
    await expectRefused(
      createSafeFetch({ ...FAST, allowHosts: ["127.0.0.1"] })(`${server.origin}/`),
      "scheme-not-allowed",
    );
    await expectRefused(
      createSafeFetch({ ...FAST, allowHosts: [`127.0.0.1:${server.port + 1}`] })(`${server.origin}/`),
      "scheme-not-allowed",
    );
    await expectRefused(
      createSafeFetch({ ...FAST, allowHosts: ["127.0.0.1"] })(`https://127.0.0.1:${server.port}/`),
      "private-address",
    );
    expect(server.requests).toHaveLength(0);
  });

  it("matches allow-list entries the way URLs normalise hosts", async () => {
    const server = await startServer((_req, res) => sendJson(res, credential));
    const safeFetch = createSafeFetch({ ...FAST, allowHosts: [`127.1:${server.port}`] });
    expect((await safeFetch(`http://0x7f.0.0.1:${server.port}/`)).status).toBe(200);
  });

  it("reports a port with nothing listening as connect-failed", async () => {
    const server = http.createServer();
    const port = await listen(server);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expectRefused(
      createSafeFetch({ ...FAST, allowHosts: [`127.0.0.1:${port}`] })(`http://127.0.0.1:${port}/`),
      "connect-failed",
    );
  });
});

describe("redirects", () => {
  it("follows a redirect between allowed hosts and reports the final URL", async () => {
    const target = await startServer((_req, res) => sendJson(res, credential));
    const start = await startServer((_req, res) => res.writeHead(302, { location: `${target.origin}/final` }).end());
    const response = await fetcherFor([start, target])(`${start.origin}/start`);
    expect(response.url).toBe(`${target.origin}/final`);
    expect(response.json()).toEqual(credential);
  });

  it("checks a redirect from an allowed host like any other URL", async () => {
    const internal = await startServer((_req, res) => sendJson(res, { secret: true }));
    const start = await startServer((req, res) => {
      const to: Record<string, string> = {
        "/http": `http://127.0.0.1:${internal.port}/`,
        "/https": `https://127.0.0.1:${internal.port}/`,
        "/named": "https://metadata.example/latest/meta-data/",
        "/file": "file:///etc/passwd",
        "/userinfo": `https://user:secret@public.example/`,
      };
      res.writeHead(302, { location: to[req.url ?? ""] }).end();
    });
    const { resolve } = fakeResolver({ "metadata.example": ["169.254.169.254"], "public.example": ["1.2.3.4"] });
    const safeFetch = fetcherFor([start], { resolve });
    await expectRefused(safeFetch(`${start.origin}/http`), "scheme-not-allowed");
    await expectRefused(safeFetch(`${start.origin}/https`), "private-address");
    await expectRefused(safeFetch(`${start.origin}/named`), "private-address");
    await expectRefused(safeFetch(`${start.origin}/file`), "scheme-not-allowed");
    await expectRefused(safeFetch(`${start.origin}/userinfo`), "credentials-in-url");
    expect(internal.requests).toHaveLength(0);
  });

  it("follows three redirects and refuses a fourth", async () => {
    const server = await startServer((req, res) => {
      const left = Number(req.url?.slice(1));
      if (left > 0) res.writeHead(301, { location: `/${left - 1}` }).end();
      else sendJson(res, credential);
    });
    const safeFetch = fetcherFor([server]);
    expect((await safeFetch(`${server.origin}/3`)).url).toBe(`${server.origin}/0`);
    server.requests.length = 0;
    const error = await expectRefused(safeFetch(`${server.origin}/4`), "too-many-redirects");
    expect(server.requests).toHaveLength(4);
    expect(error.message).toContain("3 times");
  });

  it("stops an endless redirect loop quickly", async () => {
    const server = await startServer((req, res) => res.writeHead(307, { location: req.url }).end());
    const started = Date.now();
    await expectRefused(fetcherFor([server])(`${server.origin}/loop`), "too-many-redirects");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(4);
  });

  it("treats a redirect without a Location as a bad response", async () => {
    const server = await startServer((_req, res) => res.writeHead(302).end());
    const error = await expectRefused(fetcherFor([server])(`${server.origin}/`), "bad-response");
    expect(error.status).toBe(302);
  });

  it("honours a smaller maxRedirects", async () => {
    const server = await startServer((req, res) =>
      req.url === "/a" ? res.writeHead(302, { location: "/b" }).end() : sendJson(res, credential),
    );
    await expectRefused(fetcherFor([server], { maxRedirects: 0 })(`${server.origin}/a`), "too-many-redirects");
  });
});

describe("size and time limits", () => {
  it("refuses a body whose Content-Length is over the cap, without reading it", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": 2_000 });
      res.end("x".repeat(2_000));
    });
    const error = await expectRefused(fetcherFor([server], { maxBytes: 1_000 })(`${server.origin}/`), "too-large");
    expect(error.message).toContain("1 kB");
  });

  it("refuses a body without Content-Length once it passes the cap", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }); // chunked
      for (let i = 0; i < 10; i++) res.write("x".repeat(512));
      res.end();
    });
    await expectRefused(fetcherFor([server], { maxBytes: 1_000 })(`${server.origin}/`), "too-large");
  });

  it("caps at 1 MB by default: exactly 1 MB is read, one byte more is not", async () => {
    const server = await startServer((req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      const size = req.url === "/exact" ? 1_000_000 : 1_000_001;
      for (let sent = 0; sent < size; sent += 100_000) res.write("x".repeat(Math.min(100_000, size - sent)));
      res.end();
    });
    const safeFetch = fetcherFor([server]);
    expect((await safeFetch(`${server.origin}/exact`)).body.length).toBe(1_000_000);
    const error = await expectRefused(safeFetch(`${server.origin}/over`), "too-large");
    expect(error.message).toContain("1 MB");
  });

  it("stops reading an endless body at the cap", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    await expectRefused(fetcherFor([server], { bodyTimeoutMs: 5_000 })(`${server.origin}/`), "too-large");
  });

  it("refuses a slow-drip body at the body deadline, though bytes keep arriving", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      const drip = setInterval(() => res.write(" "), 20);
      res.on("close", () => clearInterval(drip));
    });
    const started = Date.now();
    const error = await expectRefused(fetcherFor([server], { bodyTimeoutMs: 300 })(`${server.origin}/`), "timeout");
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error.toLogEntry().detail).toBe("body");
  });

  it("refuses a server that accepts the connection but never sends headers", async () => {
    const server = await startServer(() => {});
    const started = Date.now();
    const error = await expectRefused(fetcherFor([server], { headersTimeoutMs: 200 })(`${server.origin}/`), "timeout");
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error.toLogEntry().detail).toBe("headers");
  });

  it("counts a DNS lookup that never answers against the connect deadline", async () => {
    const resolve = () => new Promise<ResolvedAddress[]>(() => {});
    const error = await expectRefused(
      createSafeFetch({ ...FAST, connectTimeoutMs: 200, resolve })("https://slow-dns.example/"),
      "timeout",
    );
    expect(error.toLogEntry().detail).toBe("dns");
  });
});

describe("responses", () => {
  it.each([
    ["text/html", "text/html; charset=utf-8"],
    ["no content type", undefined],
    ["an image, by default", "image/png"],
  ])("refuses %s", async (_name, contentType) => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, contentType ? { "content-type": contentType } : {});
      res.end("<html></html>");
    });
    await expectRefused(fetcherFor([server])(`${server.origin}/`), "content-type");
  });

  it("accepts the media types a call asks for instead", async () => {
    const server = await startServer((_req, res) => res.writeHead(200, { "content-type": "image/png" }).end("PNG"));
    const response = await fetcherFor([server])(`${server.origin}/badge.png`, { accept: ["image/png"] });
    expect(response.contentType).toBe("image/png");
    expect(response.body.toString()).toBe("PNG");
  });

  it("accepts a JWT served as application/vc+jwt, and strips a byte order mark from text", async () => {
    const server = await startServer((_req, res) =>
      res.writeHead(200, { "content-type": "application/vc+jwt" }).end("\uFEFFa.b.c"),
    );
    expect((await fetcherFor([server])(`${server.origin}/`)).text()).toBe("a.b.c");
  });

  it("throws a bad-response refusal when json() meets something that is not JSON", async () => {
    const server = await startServer((_req, res) =>
      res.writeHead(200, { "content-type": "text/plain" }).end("not json"),
    );
    const response = await fetcherFor([server])(`${server.origin}/`);
    expect(() => response.json()).toThrow(FetchRefusedError);
  });

  it.each([404, 410, 500])("refuses HTTP %i and keeps the status for the caller", async (status) => {
    const server = await startServer((_req, res) =>
      res.writeHead(status, { "content-type": "application/json" }).end("{}"),
    );
    const error = await expectRefused(fetcherFor([server])(`${server.origin}/`), "http-status");
    expect(error.status).toBe(status);
    expect(error.message).toContain(String(status));
  });

  it("refuses a compressed body it did not ask for", async () => {
    const server = await startServer((_req, res) =>
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end("\x1f\x8b"),
    );
    await expectRefused(fetcherFor([server])(`${server.origin}/`), "bad-response");
  });

  it("refuses a reply that is not HTTP", async () => {
    const server = net.createServer((socket) => socket.end("HELLO THERE\r\n\r\n"));
    const port = await listen(server);
    await expectRefused(
      createSafeFetch({ ...FAST, allowHosts: [`127.0.0.1:${port}`] })(`http://127.0.0.1:${port}/`),
      "bad-response",
    );
  });

  it("reports a connection cut mid-body", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": 100 });
      res.write("{");
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await expectRefused(fetcherFor([server])(`${server.origin}/`), "connect-failed");
  });
});

describe("what is sent", () => {
  it("sends no cookies or credentials, even after a Set-Cookie, and asks for JSON uncompressed", async () => {
    const server = await startServer((req, res) => {
      if (req.url === "/first") {
        res
          .writeHead(302, { location: "/second", "set-cookie": "session=abc; Path=/", "www-authenticate": "Basic" })
          .end();
      } else sendJson(res, credential);
    });
    await fetcherFor([server])(`${server.origin}/first`);
    expect(server.requests).toHaveLength(2);
    for (const { headers } of server.requests) {
      expect(headers.cookie).toBeUndefined();
      expect(headers.authorization).toBeUndefined();
      expect(headers["proxy-authorization"]).toBeUndefined();
      expect(headers.host).toBe(server.host);
      expect(headers["accept-encoding"]).toBe("identity");
      expect(headers.accept).toContain("application/json");
      expect(Object.keys(headers).sort()).toEqual(["accept", "accept-encoding", "connection", "host", "user-agent"]);
    }
  });

  it("refuses a URL carrying a user name or password instead of sending them", async () => {
    const server = await startServer((_req, res) => sendJson(res, credential));
    await expectRefused(fetcherFor([server])(`http://ada:secret@${server.host}/`), "credentials-in-url");
    expect(server.requests).toHaveLength(0);
  });
});

describe("schemes and URL forms", () => {
  it.each([
    "file:///etc/passwd",
    "ftp://ftp.example/cred.json",
    "data:application/json,{}",
    "javascript:alert(1)",
    "gopher://127.0.0.1:6379/_INFO",
    "ws://issuer.example/",
  ])("refuses %s", async (url) => {
    const { resolve, calls } = fakeResolver({ "issuer.example": ["1.2.3.4"] });
    await expectRefused(createSafeFetch({ ...FAST, resolve })(url), "scheme-not-allowed");
    expect(calls).toEqual([]);
  });

  it.each(["not a url", "", "https://"])("refuses %j as not a web address", async (url) => {
    await expectRefused(createSafeFetch(FAST)(url), "invalid-url");
  });

  it.each([
    "https://2130706433/",
    "https://0177.0.0.1/",
    "https://0x7f.0.0.1/",
    "https://0x7f000001/",
    "https://127.1/",
    "https://0/",
    "https://[::1]/",
    "https://[::]/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::ffff:a9fe:a9fe]/",
    "https://[64:ff9b::10.0.0.1]/",
    "https://[fd00:ec2::254]/",
    "https://[fe80::1]/",
    "https://169.254.169.254/latest/meta-data/",
    "https://0xa9.0xfe.0xa9.0xfe/",
  ])("refuses the address literal %s without asking DNS", async (url) => {
    const { resolve, calls } = fakeResolver({});
    await expectRefused(createSafeFetch({ ...FAST, resolve })(url), "private-address");
    expect(calls).toEqual([]);
  });

  it("relies on the URL parser turning odd IPv4 forms into dotted decimal", () => {
    expect(new URL("https://2130706433/").hostname).toBe("127.0.0.1");
    expect(new URL("https://0177.0.0.1/").hostname).toBe("127.0.0.1");
    expect(new URL("https://0x7f.1/").hostname).toBe("127.0.0.1");
    expect(new URL("https://[::ffff:127.0.0.1]/").hostname).toBe("[::ffff:7f00:1]");
  });
});

describe("DNS", () => {
  it("refuses a name with any private address among its answers, and never connects", async () => {
    const targets = watchConnections();
    const { resolve } = fakeResolver({
      "mixed.example": ["1.2.3.4", "127.0.0.1"],
      "mixed6.example": ["2606:4700::1111", "::ffff:10.0.0.1"],
      "private-first.example": ["10.1.2.3", "1.2.3.4"],
    });
    const safeFetch = createSafeFetch({ ...FAST, resolve });
    for (const host of ["mixed.example", "mixed6.example", "private-first.example"]) {
      await expectRefused(safeFetch(`https://${host}/`), "private-address");
    }
    expect(targets).toEqual([]);
  });

  it("connects to the address it checked, so a second DNS answer cannot swap in a private one", async () => {
    // The rebinding attack: the first answer is public and passes the check; any later answer is this
    // machine. An implementation that let the connection resolve the name again would reach `internal`.
    const internal = await startServer((_req, res) => sendJson(res, { secret: true }));
    const targets = watchConnections();
    const { resolve, calls } = fakeResolver({ "rebind.example": [["1.2.3.4"], ["127.0.0.1"]] });
    const safeFetch = createSafeFetch({ ...FAST, resolve });

    // 1.2.3.4 is unreachable on the test network, so the fetch fails, but it fails at the validated address.
    await expectRefused(safeFetch(`https://rebind.example:${internal.port}/`), "connect-failed");
    expect(targets).toEqual(["1.2.3.4"]);
    expect(calls).toEqual(["rebind.example"]);
    expect(internal.requests).toHaveLength(0);
  });

  it("tries the next checked address when one refuses the connection", async () => {
    const server = await startServer((_req, res) => sendJson(res, credential));
    const targets = watchConnections();
    const { resolve } = fakeResolver({ "two.example": ["1.2.3.4", "127.0.0.1"] });
    // Allowed, so 127.0.0.1 passes; the order shows both were tried, the pinned addresses only.
    const safeFetch = createSafeFetch({ ...FAST, resolve, allowHosts: [`two.example:${server.port}`] });
    expect((await safeFetch(`http://two.example:${server.port}/`)).json()).toEqual(credential);
    expect(targets).toEqual(["1.2.3.4", "127.0.0.1"]);
    expect(server.requests[0].headers.host).toBe(`two.example:${server.port}`);
  });

  it("reports a name that does not resolve, or resolves to nothing", async () => {
    const { resolve } = fakeResolver({ "empty.example": [] });
    const safeFetch = createSafeFetch({ ...FAST, resolve });
    const error = await expectRefused(safeFetch("https://missing.example/"), "dns-failed");
    expect(error.message).toContain("missing.example");
    expect(error.toLogEntry().detail).toBe("ENOTFOUND");
    await expectRefused(safeFetch("https://empty.example/"), "dns-failed");
  });
});

describe("refusal messages and logging", () => {
  it("names the host in a readable sentence, logs the code, and keeps internal detail out of the message", async () => {
    const log = vi.fn();
    const { resolve } = fakeResolver({ "intranet.example": ["10.0.0.7"] });
    const error = await expectRefused(
      createSafeFetch({ ...FAST, resolve, log })("https://intranet.example/share/Sh4reT0ken?token=s3cret"),
      "private-address",
    );
    expect(error.message).toMatch(/^Attest does not open intranet\.example: .+\.$/);
    expect(error.message).not.toContain("10.0.0.7");
    expect(log).toHaveBeenCalledWith({
      event: "safe-fetch.refused",
      code: "private-address",
      host: "intranet.example",
      url: "https://intranet.example/…",
      detail: "resolved to 10.0.0.7",
    });
    // The path of a share link is its secret: neither it nor the query reaches the log.
    expect(JSON.stringify(log.mock.calls)).not.toMatch(/Sh4reT0ken|s3cret/);
  });

  it("never echoes a huge host back", async () => {
    const host = `${"a".repeat(5_000)}.example`;
    const { resolve } = fakeResolver({ [host]: ["127.0.0.1"] });
    const error = await expectRefused(createSafeFetch({ ...FAST, resolve })(`https://${host}/`), "private-address");
    expect(error.message.length).toBeLessThan(250);
    expect(error.host.length).toBeLessThanOrEqual(80);
  });

  it("refuses a URL too long to be a share link", async () => {
    const error = await expectRefused(
      createSafeFetch(FAST)(`https://issuer.example/${"x".repeat(10_000)}`),
      "invalid-url",
    );
    expect(error.message.length).toBeLessThan(100);
  });
});

describe("isForbiddenAddress", () => {
  it.each([
    ["0.0.0.0", "this network"],
    ["0.1.2.3", "this network"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["100.64.0.1", "CGNAT"],
    ["100.100.100.200", "CGNAT (Alibaba metadata)"],
    ["100.127.255.255", "CGNAT end"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["169.254.169.254", "cloud metadata"],
    ["169.254.0.1", "link-local"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private end"],
    ["192.0.0.192", "IETF (Oracle metadata)"],
    ["192.0.2.1", "documentation"],
    ["192.168.1.1", "private"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking end"],
    ["198.51.100.1", "documentation"],
    ["203.0.113.1", "documentation"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback, long form"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["::ffff:7f00:1", "IPv4-mapped loopback, hex"],
    ["::ffff:169.254.169.254", "IPv4-mapped metadata"],
    ["::ffff:10.0.0.1", "IPv4-mapped private"],
    ["::127.0.0.1", "IPv4-compatible (deprecated)"],
    ["::8.8.8.8", "IPv4-compatible (deprecated), even if public"],
    ["64:ff9b::7f00:1", "NAT64 of loopback"],
    ["64:ff9b::10.0.0.1", "NAT64 of private"],
    ["64:ff9b:1::1", "local-use NAT64"],
    ["fc00::1", "unique local"],
    ["fd00:ec2::254", "unique local (AWS metadata)"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local with zone"],
    ["febf::1", "link-local end"],
    ["fec0::1", "site-local (deprecated)"],
    ["ff02::1", "multicast"],
    ["100::1", "discard-only"],
    ["2001::1", "Teredo"],
    ["2001:db8::1", "documentation"],
    ["2002:7f00:1::1", "6to4"],
    ["3fff::1", "documentation (2024)"],
    ["2130706433", "decimal integer form"],
    ["0177.0.0.1", "octal form"],
    ["0x7f.0.0.1", "hex form"],
    ["127.1", "short form"],
    ["localhost", "a name, not an address"],
    ["", "empty"],
    ["1.2.3.4.5", "not an address"],
  ])("refuses %s (%s)", (ip) => {
    expect(isForbiddenAddress(ip)).toBe(true);
  });

  it.each([
    ["1.1.1.1"],
    ["8.8.8.8"],
    ["93.184.215.14"],
    ["100.63.255.255"], // just below CGNAT
    ["100.128.0.0"], // just above CGNAT
    ["172.15.255.255"], // just below 172.16/12
    ["172.32.0.0"], // just above
    ["192.169.0.1"],
    ["198.20.0.1"],
    ["223.255.255.255"], // just below multicast
    ["2606:4700:4700::1111"],
    ["2a00:1450:4001::200e"],
    ["::ffff:8.8.8.8"], // IPv4-mapped public
    ["64:ff9b::8.8.8.8"], // NAT64 of a public address
    ["2001:4860:4860::8888"], // outside 2001::/23
  ])("allows the public address %s", (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });
});

describe("safeFetchOptionsFromEnv", () => {
  it("reads comma-separated host[:port] entries, ignoring blanks", () => {
    expect(
      safeFetchOptionsFromEnv({ ATTEST_FETCH_ALLOW_HOSTS: " issuer.intranet , 127.0.0.1:8080,,[::1]:9000 " }),
    ).toEqual({
      allowHosts: ["issuer.intranet", "127.0.0.1:8080", "[::1]:9000"],
    });
    expect(safeFetchOptionsFromEnv({})).toEqual({});
    expect(safeFetchOptionsFromEnv({ ATTEST_FETCH_ALLOW_HOSTS: " " })).toEqual({});
  });

  it("reads ports exactly, IPv6 brackets and an explicit default port included", async () => {
    const { resolve } = fakeResolver({ "issuer.intranet": ["10.0.0.5"] });
    const targets = watchConnections();
    const safeFetch = createSafeFetch({ ...FAST, resolve, allowHosts: ["[::1]", "issuer.intranet:80"] });
    await expectRefused(safeFetch("http://[::1]/"), "connect-failed"); // allowed: [::1] means port 80, not port 1
    await expectRefused(safeFetch("http://[::1]:1/"), "scheme-not-allowed");
    await expectRefused(safeFetch("http://issuer.intranet/"), "connect-failed"); // allowed, so 10.0.0.5 is tried
    await expectRefused(safeFetch("https://issuer.intranet/"), "private-address"); // port 443 is not allowed
    expect(targets).toEqual(["::1", "10.0.0.5"]);
  });

  it.each(["http://issuer.intranet", "issuer.intranet/path", "user@issuer.intranet", "issuer.intranet:99999", "a b"])(
    "refuses the malformed entry %s at start-up",
    (entry) => {
      expect(() => safeFetchOptionsFromEnv({ ATTEST_FETCH_ALLOW_HOSTS: entry })).toThrow(/ATTEST_FETCH_ALLOW_HOSTS/);
    },
  );

  it("applies to IPv6 literals in brackets", async () => {
    const targets = watchConnections();
    const safeFetch = createSafeFetch({
      ...FAST,
      ...safeFetchOptionsFromEnv({ ATTEST_FETCH_ALLOW_HOSTS: "[::1]:8080" }),
    });
    // Allowed, so the address check passes and the connection is attempted (and refused by the watcher).
    await expectRefused(safeFetch("http://[::1]:8080/"), "connect-failed");
    expect(targets).toEqual(["::1"]);
    await expectRefused(safeFetch("http://[::1]:8081/"), "scheme-not-allowed");
  });
});

describe("refusals across module copies", () => {
  // The server builds its fetcher from the source module while the Remix build bundles another copy for the
  // resolvers that catch its refusals: a refusal must be recognised by either copy's class.
  it("is an instance of FetchRefusedError whichever copy of the module threw it", async () => {
    vi.resetModules();
    const copy = await import("./safe-fetch.server");
    expect(copy.FetchRefusedError).not.toBe(FetchRefusedError);
    const { resolve } = fakeResolver({ "intranet.example": ["10.0.0.7"] });
    const error = await refusalOf(copy.createSafeFetch({ ...FAST, resolve })("https://intranet.example/"));
    expect(error.code).toBe("private-address");
    expect(new FetchRefusedError("timeout", "x", "h")).toBeInstanceOf(copy.FetchRefusedError);
    expect(Object.assign(new Error("x"), { name: "FetchRefusedError" })).not.toBeInstanceOf(FetchRefusedError);
  });
});
