/**
 * `npm run stress -- hostile-urls [--quick] [--db pglite|postgres] [--no-build] [--no-app]`: every URL a candidate or
 * a credential could aim at Attest's own network is refused, within its time limit, and nothing is fetched that
 * should not be.
 *
 * Two doors:
 * - the fetcher itself (`createSafeFetch` from app/ingest/safe-fetch.server.ts, with its production limits: connect
 *   5 s, headers 10 s, body 10 s, 1 MB, 3 redirects), in this process: schemes; private, loopback, link-local,
 *   CGNAT, multicast, reserved and metadata addresses, IPv4 and IPv6 (IPv4-mapped, NAT64, 6to4), as literals, in
 *   odd IPv4 forms, and as DNS answers (the resolver is injected, as the unit tests do; `localhost` goes through the
 *   system resolver); redirects into them; DNS rebinding (a name that answers public, then private: the connection
 *   must go to the address that was checked, and DNS is asked once); slow-drip bodies and headers, a server that
 *   never sends headers, a DNS lookup that never answers, endless and looping redirects, endless and declared-huge
 *   bodies (cut at the cap: the server sees the connection close after a few hundred kB, not the gigabyte it had),
 *   content types, compressed bodies, non-HTTP replies, cookies not carried over redirects;
 * - the running app (`POST /api/submissions` with an API key, and a sample through the submission form): the share
 *   link is refused, and the receipt or outcome line says why, within the fetch limit plus 5 s.
 *
 * No packet leaves the machine: test servers bind loopback addresses, and every outgoing TCP connection of this
 * process goes through a guard that lets 127.0.0.1 through, sends the stand-in public address 1.2.3.4 to a server on
 * 127.0.0.2 (so a pinned connection can be observed), and refuses anything else on the spot. The app reaches the
 * local servers only through ATTEST_FETCH_ALLOW_HOSTS; a canary server on another loopback port is never allowed,
 * and must never see a request.
 *
 * Figures: URLs tried, refused, refused with the expected reason, fetched that should not have been (must be 0),
 * over their time limit (must be 0) and the largest overrun, canary hits (must be 0). Exit 1 otherwise.
 */
import { randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import net, { type AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import {
  createSafeFetch,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_REDIRECTS,
  FetchRefusedError,
  type FetchRefusalCode,
  type ResolvedAddress,
  type SafeFetch,
} from "#app/ingest/safe-fetch.server";
import { buildMode, startAttest } from "./access";
import { parseScenarioArgs } from "./options";

const usage =
  "usage: npm run stress -- hostile-urls [--quick] [--db pglite|postgres] [--no-build | --private-build] [--no-app]";
/** Scheduling slack on a shared, busy machine, added to every deadline. */
const SLACK_MS = 2_000;
/** What a refusal that needs no network may take. */
const INSTANT_MS = 1_000 + SLACK_MS;
/** The app's own work around a fetch (parsing, the database, the receipt). */
const APP_SLACK_MS = 5_000;
const STAND_IN_PUBLIC = "1.2.3.4";
const STRESS_DOMAIN = "attest-stress.test";

type Expect = FetchRefusalCode | FetchRefusalCode[] | "fetched";

interface UrlProbe {
  group: string;
  url: string;
  fetcher: SafeFetch;
  expect: Expect;
  limitMs: number;
  /** Further checks after the fetch; returns a problem, or null. */
  after?: () => string | null;
  /** The refusal must not have reached the network: no TCP connection while it ran (serial probes only). */
  noConnect?: boolean;
}

interface Figures {
  tried: number;
  refused: number;
  refusedAsExpected: number;
  fetchedWrongly: number;
  overLimit: number;
  maxOverMs: number;
  controlsFailed: number;
  problems: string[];
  slowest: Array<{ ms: number; limit: number; what: string }>;
}

const newFigures = (): Figures => ({
  tried: 0,
  refused: 0,
  refusedAsExpected: 0,
  fetchedWrongly: 0,
  overLimit: 0,
  maxOverMs: 0,
  controlsFailed: 0,
  problems: [],
  slowest: [],
});

// ---------------------------------------------------------------------------------------------------------------
// The network guard

const connectTargets: string[] = [];

/** Every outgoing TCP connection of this process: 127.0.0.1 goes ahead, the stand-in public address goes to
 * 127.0.0.2, anything else is refused at once, as an unreachable network would refuse it. */
function guardNetwork(): () => void {
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as net.TcpNetConnectOpts | number | string;
    const options = typeof first === "object" && first !== null ? first : null;
    const host = options ? String(options.host ?? "localhost") : String(args[1] ?? "localhost");
    if (options && "path" in options && (options as net.IpcNetConnectOpts).path)
      return original.apply(this, args as never);
    connectTargets.push(host);
    if (host === STAND_IN_PUBLIC && options) {
      options.host = "127.0.0.2";
      return original.apply(this, args as never);
    }
    if (host === "127.0.0.1" || host === "localhost") return original.apply(this, args as never);
    process.nextTick(() =>
      this.destroy(
        Object.assign(new Error(`connect ECONNREFUSED ${host} (stress network guard)`), { code: "ECONNREFUSED" }),
      ),
    );
    return this;
  } as typeof original;
  return () => {
    net.Socket.prototype.connect = original;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Local servers

interface Counted {
  port: number;
  requests: Array<{ url: string; headers: http.IncomingHttpHeaders }>;
  connections: number;
  close: () => Promise<void>;
}

async function listen(server: net.Server, host = "127.0.0.1", port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function trackSockets(server: net.Server, counted: { connections: number }) {
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket: net.Socket) => {
    counted.connections++;
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

async function httpServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  host = "127.0.0.1",
  port = 0,
): Promise<Counted> {
  const counted = { requests: [] as Counted["requests"], connections: 0 };
  const server = http.createServer((req, res) => {
    counted.requests.push({ url: req.url ?? "", headers: req.headers });
    handler(req, res);
  });
  // A server that never answers must not be closed by Node's own request timeout first.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  const close = trackSockets(server, counted);
  return Object.assign(counted, { port: await listen(server, host, port), close });
}

async function tcpServer(onSocket: (socket: net.Socket) => void, host = "127.0.0.1", port = 0): Promise<Counted> {
  const counted = { requests: [] as Counted["requests"], connections: 0 };
  const server = net.createServer(onSocket);
  const close = trackSockets(server, counted);
  return Object.assign(counted, { port: await listen(server, host, port), close });
}

const credential = JSON.stringify({
  "@context": ["https://www.w3.org/ns/credentials/v2"],
  type: ["VerifiableCredential"],
});

/** A compression bomb: 50 MB of zeros, about 50 kB on the wire. */
let gzipped: Buffer | undefined;
const prepareBomb = () => void (gzipped ??= gzipSync(Buffer.alloc(50_000_000)));

/** Bytes the endless-body routes managed to hand to the socket before the fetcher hung up, by path. */
const bytesSent = new Map<string, number>();

/** One server, many behaviours, chosen by path. Reached only as an allowed host. */
function behave(origin: () => string, loopOrigin: () => string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    const drip = (delayMs: number, total: number) => {
      // Headers now, so the body deadline starts now; then a byte every delayMs.
      res.flushHeaders();
      let sent = 0;
      const timer = setInterval(() => {
        if (res.destroyed || sent >= total) return clearInterval(timer);
        res.write("{");
        sent++;
      }, delayMs);
      res.once("close", () => clearInterval(timer));
    };
    const endless = (declared?: number) => {
      res.writeHead(200, { "content-type": "application/json", ...(declared ? { "content-length": declared } : {}) });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (!res.destroyed && sent < 1_000_000_000) {
          sent += chunk.length;
          bytesSent.set(url.pathname, sent);
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
    };
    switch (url.pathname) {
      case "/ok":
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(credential);
      case "/slow-drip": // headers at once, then a byte a second for ever
        res.writeHead(200, { "content-type": "application/json", "content-length": 100_000 });
        return drip(1_000, 100_000);
      case "/late-headers-then-drip": // headers just inside their deadline, then a drip: the body deadline still holds
        return void setTimeout(() => {
          if (res.destroyed) return;
          res.writeHead(200, { "content-type": "application/json" });
          drip(1_000, 100_000);
        }, DEFAULT_HEADERS_TIMEOUT_MS - 2_000);
      case "/never-headers":
        return; // reads the request, then silence
      case "/redirect-self": {
        const n = Number(url.searchParams.get("n") ?? 0);
        res.writeHead(302, { location: `/redirect-self?n=${n + 1}` });
        return void res.end();
      }
      case "/loop-a":
        res.writeHead(302, { location: `${loopOrigin()}/loop-b` });
        return void res.end();
      case "/redirect-to":
        res.writeHead(Number(url.searchParams.get("status") ?? 302), {
          location: url.searchParams.get("target") ?? "/",
        });
        return void res.end();
      case "/set-cookie-redirect":
        res.writeHead(302, { "set-cookie": "session=secret; Path=/", location: `${origin()}/echo-headers` });
        return void res.end();
      case "/echo-headers":
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(JSON.stringify(req.headers));
      case "/endless":
        return endless();
      case "/declared-huge":
        return endless(1_000_000_000);
      case "/exactly-cap":
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(Buffer.alloc(DEFAULT_MAX_BYTES, 0x20));
      case "/cap-plus-one":
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(Buffer.alloc(DEFAULT_MAX_BYTES + 1, 0x20));
      case "/type": {
        const type = url.searchParams.get("t");
        res.writeHead(200, type ? { "content-type": type } : {});
        return void res.end(type === "text/html" ? "<html><body>not a credential</body></html>" : credential);
      }
      case "/gzip":
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
        gzipped ??= gzipSync(Buffer.alloc(50_000_000));
        return void res.end(gzipped);
      case "/status":
        res.writeHead(Number(url.searchParams.get("s") ?? 500), { "content-type": "application/json" });
        return void res.end("{}");
      case "/cut-mid-body":
        res.writeHead(200, { "content-type": "application/json", "content-length": 10_000 });
        res.write("{".repeat(100));
        return void setTimeout(() => res.destroy(), 50);
      default:
        res.writeHead(404, { "content-type": "application/json" });
        res.end("{}");
    }
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Running probes

async function tryProbe(probe: UrlProbe, figures: Figures): Promise<void> {
  figures.tried++;
  const what = `${probe.group}: ${probe.url.slice(0, 120)}`;
  const connectsBefore = connectTargets.length;
  const began = performance.now();
  let outcome: FetchRefusedError | "fetched";
  try {
    await probe.fetcher(probe.url);
    outcome = "fetched";
  } catch (error) {
    if (!(error instanceof FetchRefusedError)) {
      figures.problems.push(`${what}: threw ${error instanceof Error ? error.message : String(error)}`);
      figures.fetchedWrongly++;
      return;
    }
    outcome = error;
  }
  const ms = performance.now() - began;
  note(figures, what, ms, probe.limitMs);
  if (probe.expect === "fetched") {
    if (outcome !== "fetched") {
      figures.controlsFailed++;
      figures.problems.push(`${what}: control refused (${outcome.code}: ${outcome.message})`);
    }
  } else if (outcome === "fetched") {
    figures.fetchedWrongly++;
    figures.problems.push(`${what}: FETCHED, expected ${String(probe.expect)}`);
  } else {
    figures.refused++;
    const codes = Array.isArray(probe.expect) ? probe.expect : [probe.expect];
    if (codes.includes(outcome.code)) figures.refusedAsExpected++;
    else figures.problems.push(`${what}: refused as ${outcome.code}, expected ${codes.join("|")} (${outcome.message})`);
  }
  if (probe.noConnect && connectTargets.length !== connectsBefore) {
    figures.fetchedWrongly++;
    figures.problems.push(`${what}: connected to ${connectTargets.slice(connectsBefore).join(", ")} before refusing`);
  }
  const problem = probe.after?.();
  if (problem) {
    figures.fetchedWrongly++;
    figures.problems.push(`${what}: ${problem}`);
  }
}

function note(figures: Figures, what: string, ms: number, limit: number) {
  if (ms > limit) {
    figures.overLimit++;
    figures.maxOverMs = Math.max(figures.maxOverMs, ms - limit);
    figures.problems.push(`${what}: took ${ms.toFixed(0)} ms, limit ${limit} ms`);
  }
  figures.slowest.push({ ms, limit, what });
}

/** A resolver for made-up names: a list answers the same each time; a list of lists answers the next list each call. */
function fakeResolver(answers: Record<string, string[] | string[][] | "hang">) {
  const calls = new Map<string, number>();
  const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
    const nth = calls.get(hostname) ?? 0;
    calls.set(hostname, nth + 1);
    const entry = answers[hostname];
    if (entry === "hang") return new Promise(() => {});
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    const list = (Array.isArray(entry[0]) ? (entry as string[][])[Math.min(nth, entry.length - 1)] : entry) as string[];
    return list.map((address) => ({ address, family: net.isIP(address.replace(/%.*/, "")) as 4 | 6 }));
  };
  return { resolve, calls };
}

const FORBIDDEN_ADDRESSES: Array<[string, string]> = [
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["0.0.0.0", "this network (reaches localhost on Linux)"],
  ["10.0.0.1", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.168.1.1", "private"],
  ["169.254.169.254", "cloud metadata"],
  ["169.254.0.1", "link-local"],
  ["100.64.0.1", "CGNAT"],
  ["100.100.100.200", "CGNAT (Alibaba metadata)"],
  ["192.0.0.192", "IETF (Oracle metadata)"],
  ["192.0.2.1", "documentation"],
  ["198.18.0.1", "benchmarking"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast (SSDP)"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "broadcast"],
  ["::1", "IPv6 loopback"],
  ["::", "IPv6 unspecified"],
  ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
  ["::ffff:169.254.169.254", "IPv4-mapped metadata"],
  ["::ffff:a9fe:a9fe", "IPv4-mapped metadata, hex"],
  ["::ffff:10.0.0.1", "IPv4-mapped private"],
  ["::127.0.0.1", "IPv4-compatible"],
  ["64:ff9b::7f00:1", "NAT64 of loopback"],
  ["64:ff9b::a9fe:a9fe", "NAT64 of metadata"],
  ["64:ff9b:1::1", "local-use NAT64"],
  ["fd00:ec2::254", "unique local (AWS metadata)"],
  ["fc00::1", "unique local"],
  ["fe80::1", "link-local"],
  ["fec0::1", "site-local"],
  ["ff02::1", "multicast"],
  ["2001::1", "Teredo"],
  ["2001:db8::1", "documentation"],
  ["2002:7f00:1::1", "6to4 of loopback"],
];

/** The fetcher door: every probe against createSafeFetch with the production limits. */
async function fetcherDoor(quick: boolean): Promise<{
  figures: Figures;
  servers: Counted[];
  canary: Counted;
  allowHosts: string[];
  behaviourOrigin: string;
  internalHits: () => number;
}> {
  const figures = newFigures();
  prepareBomb();
  const canary = await httpServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ secret: "internal" }));
  });
  let behaviourOrigin = "";
  let loopOrigin = "";
  const behaviour = await httpServer(
    behave(
      () => behaviourOrigin,
      () => loopOrigin,
    ),
  );
  behaviourOrigin = `http://127.0.0.1:${behaviour.port}`;
  const loop = await httpServer((_req, res) => {
    res.writeHead(302, { location: `${behaviourOrigin}/loop-a` });
    res.end();
  });
  loopOrigin = `http://127.0.0.1:${loop.port}`;
  const notHttp = await tcpServer((socket) => socket.end("SSH-2.0-OpenSSH_9.6\r\n"));
  // The rebinding pair: a stand-in "public" server on 127.0.0.2 and an internal one on 127.0.0.1, same port.
  const standIn = await tcpServer((socket) => socket.destroy(), "127.0.0.2");
  const internal = await tcpServer((socket) => socket.destroy(), "127.0.0.1", standIn.port);
  const servers = [canary, behaviour, loop, notHttp, standIn, internal];

  const allowHosts = [`127.0.0.1:${behaviour.port}`, `127.0.0.1:${loop.port}`, `127.0.0.1:${notHttp.port}`];
  const names: Record<string, string[] | string[][] | "hang"> = {
    [`mixed.${STRESS_DOMAIN}`]: [STAND_IN_PUBLIC, "127.0.0.1"],
    [`mixed6.${STRESS_DOMAIN}`]: ["2606:4700::1111", "::ffff:10.0.0.1"],
    [`private-first.${STRESS_DOMAIN}`]: ["10.1.2.3", STAND_IN_PUBLIC],
    [`rebind.${STRESS_DOMAIN}`]: [[STAND_IN_PUBLIC], ["127.0.0.1"]],
    [`rebind-later.${STRESS_DOMAIN}`]: [[STAND_IN_PUBLIC], ["169.254.169.254"]],
    [`hang.${STRESS_DOMAIN}`]: "hang",
  };
  FORBIDDEN_ADDRESSES.forEach(([address], i) => (names[`p${i}.${STRESS_DOMAIN}`] = [address]));
  const { resolve, calls } = fakeResolver(names);
  const log = () => {};
  const strict = createSafeFetch({ resolve, log });
  const local = createSafeFetch({ resolve, log, allowHosts });
  const system = createSafeFetch({ log });

  const serial: UrlProbe[] = [];
  const parallel: UrlProbe[] = [];
  const instant = (group: string, url: string, expect: Expect, fetcher = strict) =>
    serial.push({ group, url, fetcher, expect, limitMs: INSTANT_MS, noConnect: expect !== "fetched" });

  for (const url of [
    "file:///etc/passwd",
    "ftp://ftp.example/cred.json",
    "data:application/json,{}",
    "javascript:alert(1)",
    "gopher://127.0.0.1:6379/_INFO",
    "ws://issuer.example/",
    "dict://127.0.0.1:11211/",
    "ldap://127.0.0.1/",
  ]) {
    instant("scheme", url, "scheme-not-allowed");
  }
  instant("scheme", `http://127.0.0.1:${canary.port}/`, "scheme-not-allowed");
  instant("scheme", "http://169.254.169.254/latest/meta-data/", "scheme-not-allowed");
  instant("credentials in URL", `https://user:pass@${STRESS_DOMAIN}/`, "credentials-in-url");
  instant("invalid", `https://issuer.example/${"x".repeat(10_000)}`, "invalid-url");
  for (const [address] of FORBIDDEN_ADDRESSES) {
    const host = address.includes(":") ? `[${address}]` : address;
    instant("address literal", `https://${host}:${canary.port}/`, "private-address");
  }
  for (const odd of [
    "2130706433",
    "0177.0.0.1",
    "0x7f.1",
    "0x7f000001",
    "127.1",
    "0",
    "0xa9.0xfe.0xa9.0xfe",
    "017700000001",
    "127.000.000.001",
  ]) {
    instant("odd IPv4 form", `https://${odd}:${canary.port}/`, "private-address");
  }
  FORBIDDEN_ADDRESSES.forEach(([, label], i) =>
    instant(`DNS answer ${label}`, `https://p${i}.${STRESS_DOMAIN}:${canary.port}/`, "private-address"),
  );
  for (const name of ["mixed", "mixed6", "private-first"])
    instant("DNS answers mixed", `https://${name}.${STRESS_DOMAIN}/`, "private-address");
  instant("system DNS", `https://localhost:${canary.port}/`, "private-address", system);
  // The trailing dot: some resolvers answer 127.0.0.1, others nothing at all; refused either way.
  serial.push({
    group: "system DNS",
    url: `https://localhost.:${canary.port}/`,
    fetcher: system,
    expect: ["private-address", "dns-failed"],
    limitMs: INSTANT_MS,
    noConnect: true,
  });
  instant("system DNS", `https://LOCALHOST:${canary.port}/`, "private-address", system);
  // An allow-list entry covers exactly its host and port: the canary's port on the same address is not allowed.
  instant("allow-list is per port", `http://127.0.0.1:${canary.port}/`, "scheme-not-allowed", local);
  instant("allow-list is per port", `https://127.0.0.1:${canary.port}/`, "private-address", local);

  // Redirects from an allowed host are checked like any other URL.
  const redirectTargets: Array<[string, FetchRefusalCode]> = [
    [`http://127.0.0.1:${canary.port}/`, "scheme-not-allowed"],
    [`https://127.0.0.1:${canary.port}/`, "private-address"],
    ["https://169.254.169.254/latest/meta-data/iam/security-credentials/", "private-address"],
    [`https://[::ffff:7f00:1]:${canary.port}/`, "private-address"],
    [`https://[64:ff9b::a9fe:a9fe]/`, "private-address"],
    [`https://p7.${STRESS_DOMAIN}/`, "private-address"],
    [`https://2130706433:${canary.port}/`, "private-address"],
    ["file:///etc/passwd", "scheme-not-allowed"],
    ["gopher://127.0.0.1:6379/_SET", "scheme-not-allowed"],
    [`https://user:pass@${STRESS_DOMAIN}/`, "credentials-in-url"],
  ];
  for (const [target, code] of redirectTargets) {
    for (const status of quick ? [302] : [301, 302, 303, 307, 308]) {
      serial.push({
        group: `redirect ${status} into`,
        url: `${behaviourOrigin}/redirect-to?status=${status}&target=${encodeURIComponent(target)}`,
        fetcher: local,
        expect: code,
        limitMs: INSTANT_MS,
      });
    }
  }

  // DNS rebinding: the first answer is public and passes; the second is internal. The fetch must connect to the
  // address it checked (the stand-in), never resolve again, and never reach the internal server.
  serial.push({
    group: "DNS rebinding",
    url: `https://rebind.${STRESS_DOMAIN}:${standIn.port}/`,
    fetcher: strict,
    expect: ["connect-failed", "tls-failed"],
    limitMs: DEFAULT_CONNECT_TIMEOUT_MS + SLACK_MS,
    after: () => {
      const problems: string[] = [];
      if (standIn.connections !== 1)
        problems.push(`the checked address got ${standIn.connections} connections, expected 1`);
      if (internal.connections !== 0) problems.push(`the internal address got ${internal.connections} connections`);
      if (calls.get(`rebind.${STRESS_DOMAIN}`) !== 1)
        problems.push(`DNS asked ${calls.get(`rebind.${STRESS_DOMAIN}`)} times for one fetch`);
      return problems.join("; ") || null;
    },
  });
  // The same name again: now it answers 127.0.0.1, which is checked and refused before any connection.
  serial.push({
    group: "DNS rebinding, second fetch",
    url: `https://rebind.${STRESS_DOMAIN}:${standIn.port}/`,
    fetcher: strict,
    expect: "private-address",
    limitMs: INSTANT_MS,
    noConnect: true,
    after: () => (internal.connections ? "internal server reached" : null),
  });
  // Through a redirect: each hop resolves and checks afresh.
  serial.push({
    group: "DNS rebinding across a redirect",
    url: `https://rebind-later.${STRESS_DOMAIN}:${standIn.port}/`,
    fetcher: strict,
    expect: ["connect-failed", "tls-failed"],
    limitMs: DEFAULT_CONNECT_TIMEOUT_MS + SLACK_MS,
  });
  serial.push({
    group: "DNS rebinding across a redirect",
    url: `${behaviourOrigin}/redirect-to?target=${encodeURIComponent(`https://rebind-later.${STRESS_DOMAIN}/`)}`,
    fetcher: local,
    expect: "private-address",
    limitMs: INSTANT_MS,
  });

  // Redirect limits.
  serial.push({
    group: "infinite redirects",
    url: `${behaviourOrigin}/redirect-self`,
    fetcher: local,
    expect: "too-many-redirects",
    limitMs: INSTANT_MS,
    after: () => {
      const hops = behaviour.requests.filter((r) => r.url.startsWith("/redirect-self")).length;
      return hops === DEFAULT_MAX_REDIRECTS + 1
        ? null
        : `followed ${hops - 1} redirects, expected ${DEFAULT_MAX_REDIRECTS}`;
    },
  });
  serial.push({
    group: "redirect loop between two hosts",
    url: `${behaviourOrigin}/loop-a`,
    fetcher: local,
    expect: "too-many-redirects",
    limitMs: INSTANT_MS,
  });

  // Cookies are not carried over a redirect, and nothing identifying is sent.
  serial.push({
    group: "no cookies carried",
    url: `${behaviourOrigin}/set-cookie-redirect`,
    fetcher: local,
    expect: "fetched",
    limitMs: INSTANT_MS,
    after: () => {
      const echo = behaviour.requests.find((r) => r.url === "/echo-headers");
      if (!echo) return "the redirect was not followed";
      const leaked = ["cookie", "authorization", "proxy-authorization"].filter((h) => echo.headers[h] !== undefined);
      return leaked.length ? `sent ${leaked.join(", ")} after a redirect` : null;
    },
  });

  // Size caps: the body is cut at the cap, not buffered whole.
  const rssBefore = process.memoryUsage().rss;
  parallel.push({
    group: "huge body (endless)",
    url: `${behaviourOrigin}/endless`,
    fetcher: local,
    expect: "too-large",
    limitMs: DEFAULT_BODY_TIMEOUT_MS + SLACK_MS,
    after: () => {
      const sent = bytesSent.get("/endless") ?? 0;
      return sent > 20_000_000 ? `the server sent ${(sent / 1e6).toFixed(0)} MB before the fetcher hung up` : null;
    },
  });
  parallel.push({
    group: "huge body (declared 1 GB)",
    url: `${behaviourOrigin}/declared-huge`,
    fetcher: local,
    expect: "too-large",
    limitMs: INSTANT_MS,
    after: () => {
      const sent = bytesSent.get("/declared-huge") ?? 0;
      return sent > 20_000_000 ? `the server sent ${(sent / 1e6).toFixed(0)} MB before the fetcher hung up` : null;
    },
  });
  parallel.push({
    group: "size cap",
    url: `${behaviourOrigin}/exactly-cap`,
    fetcher: local,
    expect: "fetched",
    limitMs: INSTANT_MS,
  });
  parallel.push({
    group: "size cap",
    url: `${behaviourOrigin}/cap-plus-one`,
    fetcher: local,
    expect: "too-large",
    limitMs: INSTANT_MS,
  });
  parallel.push({
    group: "compressed body",
    url: `${behaviourOrigin}/gzip`,
    fetcher: local,
    expect: "bad-response",
    limitMs: INSTANT_MS,
  });

  // Time limits, with the production deadlines.
  parallel.push({
    group: "slow-drip body",
    url: `${behaviourOrigin}/slow-drip`,
    fetcher: local,
    expect: "timeout",
    limitMs: DEFAULT_BODY_TIMEOUT_MS + SLACK_MS,
  });
  parallel.push({
    group: "late headers, then a drip",
    url: `${behaviourOrigin}/late-headers-then-drip`,
    fetcher: local,
    expect: "timeout",
    limitMs: DEFAULT_HEADERS_TIMEOUT_MS - 2_000 + DEFAULT_BODY_TIMEOUT_MS + SLACK_MS,
  });
  parallel.push({
    group: "never sends headers",
    url: `${behaviourOrigin}/never-headers`,
    fetcher: local,
    expect: "timeout",
    limitMs: DEFAULT_HEADERS_TIMEOUT_MS + SLACK_MS,
  });
  parallel.push({
    group: "DNS never answers",
    url: `https://hang.${STRESS_DOMAIN}/`,
    fetcher: strict,
    expect: "timeout",
    limitMs: DEFAULT_CONNECT_TIMEOUT_MS + SLACK_MS,
  });
  parallel.push({
    group: "not HTTP",
    url: `http://127.0.0.1:${notHttp.port}/`,
    fetcher: local,
    expect: "bad-response",
    limitMs: INSTANT_MS,
  });
  parallel.push({
    group: "cut mid-body",
    url: `${behaviourOrigin}/cut-mid-body`,
    fetcher: local,
    expect: "connect-failed",
    limitMs: INSTANT_MS,
  });

  // Content types and statuses.
  for (const type of [
    "text/html",
    "image/png",
    "application/octet-stream",
    "application/xml",
    "application/javascript",
    "",
  ]) {
    parallel.push({
      group: "content type",
      url: `${behaviourOrigin}/type?t=${encodeURIComponent(type)}`,
      fetcher: local,
      expect: "content-type",
      limitMs: INSTANT_MS,
    });
  }
  for (const type of ["application/json; charset=utf-8", "application/ld+json", "text/plain"]) {
    parallel.push({
      group: "content type (control)",
      url: `${behaviourOrigin}/type?t=${encodeURIComponent(type)}`,
      fetcher: local,
      expect: "fetched",
      limitMs: INSTANT_MS,
    });
  }
  for (const status of [400, 401, 404, 410, 500, 502]) {
    parallel.push({
      group: "HTTP status",
      url: `${behaviourOrigin}/status?s=${status}`,
      fetcher: local,
      expect: "http-status",
      limitMs: INSTANT_MS,
    });
  }
  parallel.push({
    group: "control",
    url: `${behaviourOrigin}/ok`,
    fetcher: local,
    expect: "fetched",
    limitMs: INSTANT_MS,
  });

  // Serial first: the connection checks (noConnect) need no other fetch in flight.
  for (const probe of serial) await tryProbe(probe, figures);
  await Promise.all(parallel.map((probe) => tryProbe(probe, figures)));
  const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 1e6;
  if (rssGrowthMb > 200)
    figures.problems.push(`this process grew by ${rssGrowthMb.toFixed(0)} MB while fetching huge bodies`);

  return {
    figures,
    servers,
    canary,
    allowHosts,
    behaviourOrigin,
    internalHits: () => internal.connections + canary.connections,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The app door

interface AppProbe {
  label: string;
  url: string;
  /** What the outcome line or receipt must say. */
  reason: RegExp;
  limitMs: number;
}

async function appDoor(
  args: { db: "pglite" | "postgres"; build: "private" | "shared" | "none"; quick: boolean },
  local: { allowHosts: string[]; behaviourOrigin: string; canaryPort: number },
): Promise<{ figures: Figures; fetchRefusalsLogged: number }> {
  const figures = newFigures();
  const server = await startAttest({
    db: args.db,
    build: args.build,
    env: { ATTEST_FETCH_ALLOW_HOSTS: local.allowHosts.join(",") },
    prepare: async (db) => {
      const { createApiKey } = await import("#app/auth/api-keys.server");
      const { createInvitation } = await import("#app/ingest/public-submission.server");
      return {
        apiKey: (await createApiKey(db, "stress hostile-urls")).secret,
        invitation: (await createInvitation(db, "Stress hostile URLs")).path,
      };
    },
  });
  try {
    const b = local.behaviourOrigin;
    const c = local.canaryPort;
    const instant = APP_SLACK_MS + INSTANT_MS;
    const PRIVATE = /private or reserved network address/;
    const probes: AppProbe[] = [
      {
        label: "metadata address",
        url: "https://169.254.169.254/latest/meta-data/",
        reason: PRIVATE,
        limitMs: instant,
      },
      { label: "loopback literal", url: `https://127.0.0.1:${c}/`, reason: PRIVATE, limitMs: instant },
      {
        label: "plain http to an address not allowed",
        url: `http://127.0.0.1:${c}/`,
        reason: /secure links \(https:\/\/\)/,
        limitMs: instant,
      },
      {
        label: "localhost through the system resolver",
        url: `https://localhost:${c}/`,
        reason: PRIVATE,
        limitMs: instant,
      },
      { label: "IPv4-mapped loopback", url: `https://[::ffff:7f00:1]:${c}/`, reason: PRIVATE, limitMs: instant },
      {
        label: "NAT64 of the metadata address",
        url: "https://[64:ff9b::a9fe:a9fe]/",
        reason: PRIVATE,
        limitMs: instant,
      },
      { label: "IPv6 unique local (AWS metadata)", url: "https://[fd00:ec2::254]/", reason: PRIVATE, limitMs: instant },
      { label: "octal loopback", url: `https://0177.0.0.1:${c}/`, reason: PRIVATE, limitMs: instant },
      { label: "CGNAT", url: "https://100.100.100.200/latest/meta-data/", reason: PRIVATE, limitMs: instant },
      { label: "file scheme", url: "file:///etc/passwd", reason: /only opens https:\/\/ links/, limitMs: instant },
      {
        label: "redirect into the canary",
        url: `${b}/redirect-to?target=${encodeURIComponent(`https://127.0.0.1:${c}/`)}`,
        reason: PRIVATE,
        limitMs: instant,
      },
      {
        label: "redirect to the metadata address",
        url: `${b}/redirect-to?status=307&target=${encodeURIComponent("https://169.254.169.254/")}`,
        reason: PRIVATE,
        limitMs: instant,
      },
      {
        label: "infinite redirects",
        url: `${b}/redirect-self`,
        reason: /redirected more than 3 times/,
        limitMs: instant,
      },
      {
        label: "endless body",
        url: `${b}/endless`,
        reason: /larger than 1 MB/,
        limitMs: APP_SLACK_MS + DEFAULT_BODY_TIMEOUT_MS + SLACK_MS,
      },
      { label: "declared 1 GB body", url: `${b}/declared-huge`, reason: /larger than 1 MB/, limitMs: instant },
      {
        label: "slow-drip body",
        url: `${b}/slow-drip`,
        reason: /took too long to send/,
        limitMs: APP_SLACK_MS + DEFAULT_BODY_TIMEOUT_MS + SLACK_MS,
      },
      {
        label: "never sends headers",
        url: `${b}/never-headers`,
        reason: /took too long to answer/,
        limitMs: APP_SLACK_MS + DEFAULT_HEADERS_TIMEOUT_MS + SLACK_MS,
      },
      { label: "an HTML page", url: `${b}/type?t=text%2Fhtml`, reason: /not a credential/, limitMs: instant },
      { label: "compressed body", url: `${b}/gzip`, reason: /compressed/, limitMs: instant },
    ];
    const api = async (probe: AppProbe) => {
      figures.tried++;
      const began = performance.now();
      const response = await fetch(`${server.origin}/api/submissions`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.prepared.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          candidate: { name: "Hostile Url", email: `hostile-${randomBytes(4).toString("hex")}@stress.test` },
          consent: true,
          items: [{ url: probe.url }],
        }),
        signal: AbortSignal.timeout(120_000),
      }).catch((error: Error) => error);
      const ms = performance.now() - began;
      note(figures, `api: ${probe.label}`, ms, probe.limitMs);
      if (response instanceof Error) return void figures.problems.push(`api: ${probe.label}: ${response.message}`);
      const body = (await response.json().catch(() => null)) as {
        results?: Array<{ outcome: string; reason?: string }>;
      } | null;
      const result = body?.results?.[0];
      if (result?.outcome !== "refused") {
        figures.fetchedWrongly++;
        return void figures.problems.push(
          `api: ${probe.label}: ${response.status} ${JSON.stringify(body).slice(0, 200)}`,
        );
      }
      figures.refused++;
      if (probe.reason.test(result.reason ?? "")) figures.refusedAsExpected++;
      else figures.problems.push(`api: ${probe.label}: refused, but the reason says "${result.reason}"`);
    };
    const form = async (probe: AppProbe) => {
      figures.tried++;
      const data = new FormData();
      data.set("name", "Hostile Url");
      data.set("email", `hostile-form-${randomBytes(4).toString("hex")}@stress.test`);
      data.set("consent", "on");
      data.set("links", probe.url);
      const began = performance.now();
      const response = await fetch(
        `${server.origin}${server.prepared.invitation}?_data=${encodeURIComponent("routes/submit.$token")}`,
        {
          method: "POST",
          body: data,
          signal: AbortSignal.timeout(120_000),
        },
      ).catch((error: Error) => error);
      const ms = performance.now() - began;
      note(figures, `form: ${probe.label}`, ms, probe.limitMs);
      if (response instanceof Error) return void figures.problems.push(`form: ${probe.label}: ${response.message}`);
      const body = (await response.json().catch(() => null)) as {
        receipt?: Array<{ credentialId?: string; headline: string; reasons: string[] }>;
      } | null;
      const item = body?.receipt?.[0];
      if (!item || item.credentialId) {
        figures.fetchedWrongly++;
        return void figures.problems.push(
          `form: ${probe.label}: ${response.status} ${JSON.stringify(body).slice(0, 200)}`,
        );
      }
      figures.refused++;
      const said = [item.headline, ...item.reasons].join(" ");
      if (probe.reason.test(said)) figures.refusedAsExpected++;
      else figures.problems.push(`form: ${probe.label}: refused, but the receipt says "${said}"`);
    };
    // Three at a time: the slow ones overlap, and the server is not flooded.
    const jobs: Array<() => Promise<void>> = probes.map((probe) => () => api(probe));
    const formSample = args.quick ? probes.filter((p) => /metadata address|infinite|slow-drip/.test(p.label)) : probes;
    jobs.push(...formSample.map((probe) => () => form(probe)));
    let next = 0;
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        while (next < jobs.length) await (jobs[next++] as () => Promise<void>)();
      }),
    );
    const fetchRefusalsLogged = (server.log().match(/fetch refused:/g) ?? []).length;
    return { figures, fetchRefusalsLogged };
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------------

export async function run(args: string[]): Promise<number> {
  const { values } = parseScenarioArgs(
    args,
    {
      db: { type: "string", default: "pglite" },
      "no-build": { type: "boolean", default: false },
      "private-build": { type: "boolean", default: false },
      "no-app": { type: "boolean", default: false },
    },
    usage,
  );
  if (values.db !== "pglite" && values.db !== "postgres") {
    console.error(usage);
    return 2;
  }
  const quick = values.quick === true;
  const started = performance.now();
  const unguard = guardNetwork();
  const fetcher = await fetcherDoor(quick);
  try {
    const app = values["no-app"]
      ? null
      : await appDoor(
          { db: values.db, build: buildMode(values), quick },
          { allowHosts: fetcher.allowHosts, behaviourOrigin: fetcher.behaviourOrigin, canaryPort: fetcher.canary.port },
        );
    const canaryHits = fetcher.canary.requests.length + fetcher.canary.connections;
    const doors: Array<[string, Figures]> = [
      ["fetcher", fetcher.figures],
      ...(app ? ([["app", app.figures]] as Array<[string, Figures]>) : []),
    ];
    let failed = canaryHits > 0 || fetcher.internalHits() > 0;
    for (const [name, f] of doors) {
      for (const problem of f.problems.slice(0, 20)) console.log(`  ${name}: ${problem}`);
      const slowest = [...f.slowest]
        .sort((x, y) => y.ms - x.ms)
        .slice(0, 3)
        .map((s) => `${s.what.slice(0, 50)} ${(s.ms / 1000).toFixed(1)}s/${(s.limit / 1000).toFixed(0)}s`);
      console.log(
        `  ${name.padEnd(7)} tried ${f.tried}, refused ${f.refused} (as expected ${f.refusedAsExpected}), fetched wrongly ${f.fetchedWrongly}, ` +
          `over the time limit ${f.overLimit} (max over ${f.maxOverMs.toFixed(0)} ms), controls failed ${f.controlsFailed}; slowest: ${slowest.join("; ")}`,
      );
      failed ||= f.fetchedWrongly > 0 || f.overLimit > 0 || f.controlsFailed > 0 || f.refusedAsExpected !== f.refused;
    }
    const sum = (key: keyof Omit<Figures, "problems" | "slowest">) => doors.reduce((n, [, f]) => n + f[key], 0);
    console.log(
      `hostile-urls: db=${app ? values.db : "none"} urls=${sum("tried")} (fetcher=${fetcher.figures.tried} app=${app?.figures.tried ?? 0}) ` +
        `refused=${sum("refused")} refused_as_expected=${sum("refusedAsExpected")} fetched_wrongly=${sum("fetchedWrongly")} ` +
        `over_time_limit=${sum("overLimit")} max_over_ms=${Math.max(0, ...doors.map(([, f]) => f.maxOverMs)).toFixed(0)} ` +
        `controls_failed=${sum("controlsFailed")} canary_hits=${canaryHits} internal_hits=${fetcher.internalHits()} ` +
        `slowest_s=${(Math.max(0, ...doors.flatMap(([, f]) => f.slowest.map((s) => s.ms))) / 1000).toFixed(1)} ` +
        `app_refusals_logged=${app?.fetchRefusalsLogged ?? 0} ` +
        `huge_body_sent_kb=${[...bytesSent.values()].map((b) => (b / 1024).toFixed(0)).join(",")} ` +
        `seconds=${((performance.now() - started) / 1000).toFixed(0)}`,
    );
    return failed ? 1 : 0;
  } finally {
    for (const server of fetcher.servers) await server.close();
    unguard();
  }
}
