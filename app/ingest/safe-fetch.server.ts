/**
 * The one way Attest fetches a URL it did not choose itself: share links, did:web documents, status lists,
 * hosted badges. Every such URL comes, directly or not, from a candidate or a credential, so it is hostile input:
 * it may point at the cloud metadata service, at an admin port on localhost, or at a server that never stops
 * sending.
 *
 * Defences, per hop (the first request and each redirect):
 * - only https: (http: too for hosts the operator allowed), no user name or password in the URL;
 * - the host name is resolved once, every answer must be a public address, and the connection is made to that
 *   exact address (the URL's host goes only into the Host header and TLS SNI), so a second DNS answer cannot
 *   swap in a private one (DNS rebinding);
 * - deadlines for connecting (DNS + TCP + TLS), for the response headers and for the whole body;
 * - a size cap, counted while reading as well as from Content-Length;
 * - an allow-list of content types, and no compressed bodies (we never ask for them);
 * - no cookies, no Authorization, nothing carried over between hops: every request is built from scratch.
 *
 * See docs/decisions/003-safe-fetch.md.
 */
import type { ClientRequest, IncomingMessage } from "node:http";
import http from "node:http";
import https from "node:https";
import { lookup } from "node:dns/promises";
import { isIP, isIPv4, isIPv6 } from "node:net";

export type FetchRefusalCode =
  | "invalid-url"
  | "scheme-not-allowed"
  | "credentials-in-url"
  | "dns-failed"
  | "private-address"
  | "connect-failed"
  | "tls-failed"
  | "timeout"
  | "too-many-redirects"
  | "http-status"
  | "content-type"
  | "too-large"
  | "bad-response";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

/** One structured line for the operator's log; `detail` may name internal addresses, so it never reaches candidates. */
export interface FetchRefusalLogEntry {
  event: "safe-fetch.refused";
  code: FetchRefusalCode;
  host: string;
  url: string;
  status?: number;
  detail?: string;
}

export interface SafeFetchOptions {
  /** `host` or `host:port` (IPv6 in brackets). These skip the address check and may use http:. */
  allowHosts?: string[];
  maxBytes?: number;
  maxRedirects?: number;
  /** DNS resolution, TCP connect and TLS handshake together. */
  connectTimeoutMs?: number;
  /** From the connection being ready to the response headers. */
  headersTimeoutMs?: number;
  /** The whole body, start to end: a total deadline, not an idle timeout, so a slow drip cannot hold us. */
  bodyTimeoutMs?: number;
  /** Defaults to the system resolver (every address, as the OS orders them). */
  resolve?: ResolveHost;
  /** Media types accepted by default; a call may pass its own. */
  accept?: string[];
  /** Where refusals are logged; defaults to one JSON line on stderr. */
  log?: (entry: FetchRefusalLogEntry) => void;
}

export interface SafeFetchInit {
  /** Media types to accept for this call, replacing the fetcher's list (e.g. images for baked badges). */
  accept?: readonly string[];
  /** A lower size cap for this call (badge images); the fetcher's own cap still applies when it is lower. */
  maxBytes?: number;
}

export interface SafeResponse {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  /** The media type, lower case, without parameters. */
  contentType: string;
  body: Buffer;
  /** The body as UTF-8, without a byte order mark. */
  text(): string;
  /** The body parsed as JSON; throws FetchRefusedError ("bad-response") if it is not JSON. */
  json(): unknown;
}

export type SafeFetch = (url: string, init?: SafeFetchInit) => Promise<SafeResponse>;

export const DEFAULT_MAX_BYTES = 1_000_000;
export const DEFAULT_MAX_REDIRECTS = 3;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

/**
 * Credentials, presentations, JWTs, DID documents and status lists. text/plain is in because raw file hosts
 * (raw.githubusercontent.com among them) serve JSON and JWT files as text/plain; text/html is out because an
 * HTML page is never a credential, and refusing it early gives a clearer reason than a JSON parse error.
 */
export const DEFAULT_ACCEPT: readonly string[] = [
  "application/ld+json",
  "application/json",
  "application/vc+ld+json",
  "application/vp+ld+json",
  "application/vc",
  "application/vp",
  "application/vc+jwt",
  "application/vp+jwt",
  "application/dc+sd-jwt",
  "application/vc+sd-jwt",
  "application/statuslist+jwt",
  "application/jwt",
  "application/did+json",
  "application/did+ld+json",
  "text/plain",
];

const USER_AGENT = "Attest-Verifier/1 (+credential verification)";
const MAX_URL_LENGTH = 8_192;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Brands refusals so that `instanceof FetchRefusedError` holds across copies of this module. The server loads it
 * from source (services.server.ts builds the fetcher) while the Remix build bundles its own copy for the routes'
 * resolvers; without the brand, a refusal thrown by one copy is not an instance of the other's class, and a
 * refused share link became a 500 instead of a receipt line.
 */
const REFUSAL_BRAND: unique symbol = Symbol.for("attest.FetchRefusedError");

/** Thrown for every refused or failed fetch. `message` is a sentence a candidate can read. */
export class FetchRefusedError extends Error {
  static [Symbol.hasInstance](value: unknown): value is FetchRefusedError {
    return (
      typeof value === "object" && value !== null && (value as { [REFUSAL_BRAND]?: unknown })[REFUSAL_BRAND] === true
    );
  }

  override readonly name = "FetchRefusedError";
  readonly [REFUSAL_BRAND] = true;

  constructor(
    readonly code: FetchRefusalCode,
    message: string,
    /** The host of the URL refused, shortened for display. */
    readonly host: string,
    readonly extra: { status?: number; detail?: string; url?: string } = {},
  ) {
    super(message);
  }

  get status(): number | undefined {
    return this.extra.status;
  }

  toLogEntry(): FetchRefusalLogEntry {
    return {
      event: "safe-fetch.refused",
      code: this.code,
      host: this.host,
      url: this.extra.url ?? "",
      ...(this.extra.status !== undefined && { status: this.extra.status }),
      ...(this.extra.detail !== undefined && { detail: this.extra.detail }),
    };
  }
}

/** Reads `ATTEST_FETCH_ALLOW_HOSTS` (comma-separated `host[:port]`); throws at start-up on a malformed entry. */
export function safeFetchOptionsFromEnv(env: Record<string, string | undefined>): SafeFetchOptions {
  const allowHosts = (env.ATTEST_FETCH_ALLOW_HOSTS ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of allowHosts) parseAllowedHost(entry);
  return allowHosts.length ? { allowHosts } : {};
}

export function createSafeFetch(options: SafeFetchOptions = {}): SafeFetch {
  const allowed = (options.allowHosts ?? []).map(parseAllowedHost);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const timeouts = {
    connectMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    headersMs: options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
    bodyMs: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
  };
  const resolve = options.resolve ?? resolveWithSystemDns;
  const defaultAccept = options.accept ?? DEFAULT_ACCEPT;
  const log = options.log ?? ((entry) => console.warn(JSON.stringify(entry)));

  async function fetchFollowingRedirects(
    input: string,
    accept: readonly string[],
    callMaxBytes: number,
  ): Promise<SafeResponse> {
    let url = parseUrl(input);
    for (let redirects = 0; ; redirects++) {
      const isAllowed = allowed.some((entry) => matchesAllowedHost(entry, url));
      checkUrl(url, isAllowed);
      const connectDeadline = Date.now() + timeouts.connectMs;
      const addresses = await resolveTarget(url, isAllowed, resolve, connectDeadline);
      const response = await requestFirstReachable(url, addresses, accept, connectDeadline, timeouts.headersMs);
      const status = response.statusCode ?? 0;

      if (REDIRECT_STATUSES.has(status)) {
        response.destroy();
        const location = response.headers.location;
        if (!location) {
          throw refusal("bad-response", url, `${displayHost(url)} sent a redirect without saying where to.`, {
            status,
          });
        }
        if (redirects >= maxRedirects) {
          throw refusal(
            "too-many-redirects",
            url,
            `${displayHost(url)} redirected more than ${maxRedirects} times, so Attest stopped following it.`,
          );
        }
        url = parseUrl(location, url);
        continue;
      }
      return await readResponse(url, response, { accept, maxBytes: callMaxBytes, bodyMs: timeouts.bodyMs });
    }
  }

  return async function safeFetch(input, init = {}) {
    try {
      return await fetchFollowingRedirects(
        input,
        init.accept ?? defaultAccept,
        Math.min(maxBytes, init.maxBytes ?? maxBytes),
      );
    } catch (error) {
      if (error instanceof FetchRefusedError) log(error.toLogEntry());
      throw error;
    }
  };
}

// ---------------------------------------------------------------------------------------------------------------
// URL and host checks

interface AllowedHost {
  hostname: string;
  /** null: the scheme's default port only. */
  port: number | null;
}

/** Parses `host`, `host:port`, `[v6]` or `[v6]:port`, normalised the way the URL parser normalises hosts. */
function parseAllowedHost(entry: string): AllowedHost {
  const invalid = () =>
    new Error(`ATTEST_FETCH_ALLOW_HOSTS: "${entry.slice(0, 100)}" is not host or host:port (no scheme, no path).`);
  if (!entry || /[/?#@\s]/.test(entry)) throw invalid();
  let parsed: URL;
  try {
    // Parsed as a URL so "LOCALHOST", "127.1" or "[::1]" compare equal to what a request URL will hold.
    parsed = new URL(`http://${entry}`);
  } catch {
    throw invalid();
  }
  // The URL parser drops a port equal to the default (":80"), so whether one was written is read from the entry.
  const hasPort = entry.startsWith("[") ? /\]:\d+$/.test(entry) : entry.includes(":");
  return { hostname: parsed.hostname, port: hasPort ? Number(parsed.port || 80) : null };
}

function defaultPort(url: URL): number {
  return url.protocol === "https:" ? 443 : 80;
}

function effectivePort(url: URL): number {
  return url.port ? Number(url.port) : defaultPort(url);
}

/** Exactly that host and port: an entry without a port covers the default ports (80, 443) only. */
function matchesAllowedHost(entry: AllowedHost, url: URL): boolean {
  if (entry.hostname !== url.hostname) return false;
  return entry.port === null ? !url.port : entry.port === effectivePort(url);
}

function parseUrl(input: string, base?: URL): URL {
  const shown = base ? displayHost(base) : "";
  if (input.length > MAX_URL_LENGTH) {
    throw new FetchRefusedError(
      "invalid-url",
      base ? `${shown} redirected to an address too long to follow.` : "That web address is too long to follow.",
      shown,
    );
  }
  try {
    return new URL(input, base);
  } catch {
    throw new FetchRefusedError(
      "invalid-url",
      base
        ? `${shown} redirected to something that is not a web address.`
        : "That is not a web address Attest can open.",
      shown,
    );
  }
}

function checkUrl(url: URL, isAllowed: boolean): void {
  const host = displayHost(url);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isAllowed)) {
    const message =
      url.protocol === "http:"
        ? `Attest only opens secure links (https://); the link to ${host} starts with http://.`
        : `Attest only opens https:// links; "${url.protocol.slice(0, 20)}" links are not opened.`;
    throw refusal("scheme-not-allowed", url, message);
  }
  if (url.username || url.password) {
    throw refusal(
      "credentials-in-url",
      url,
      `The link to ${host} contains a user name or password; Attest never sends credentials, so remove them from the link.`,
    );
  }
}

/**
 * Every address the name resolves to must be public, not just the first: the OS or a later retry could pick
 * any of them. Allowed hosts skip the check (reaching intranet issuers is their purpose) but are still resolved
 * here, so the connection always goes to an address this function returned.
 */
async function resolveTarget(
  url: URL,
  isAllowed: boolean,
  resolve: ResolveHost,
  connectDeadline: number,
): Promise<ResolvedAddress[]> {
  const hostname = bareHostname(url);
  const literal = isIP(hostname);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: hostname, family: literal as 4 | 6 }];
  } else {
    try {
      addresses = await withDeadline(resolve(hostname), connectDeadline, () =>
        refusal("timeout", url, `Looking up ${displayHost(url)} took too long.`, { detail: "dns" }),
      );
    } catch (error) {
      if (error instanceof FetchRefusedError) throw error;
      throw refusal("dns-failed", url, `Attest could not find the server ${displayHost(url)}; check the link.`, {
        detail: (error as NodeJS.ErrnoException).code ?? String(error).slice(0, 200),
      });
    }
    if (addresses.length === 0) {
      throw refusal("dns-failed", url, `Attest could not find the server ${displayHost(url)}; check the link.`);
    }
  }
  if (!isAllowed) {
    const forbidden = addresses.find((a) => isForbiddenAddress(a.address));
    if (forbidden) {
      const reason = "it points to a private or reserved network address, not a public website";
      throw refusal("private-address", url, `Attest does not open ${displayHost(url)}: ${reason}.`, {
        detail: `resolved to ${forbidden.address}`,
      });
    }
  }
  // IPv4 first: plenty of hosts publish an AAAA record they do not answer on.
  return [...addresses].sort((a, b) => a.family - b.family);
}

function bareHostname(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

// ---------------------------------------------------------------------------------------------------------------
// The request itself

/** Tries each validated address in turn, but only when the previous one refused outright; a timeout ends it. */
async function requestFirstReachable(
  url: URL,
  addresses: ResolvedAddress[],
  accept: readonly string[],
  connectDeadline: number,
  headersMs: number,
): Promise<IncomingMessage> {
  let lastError: unknown;
  for (const target of addresses) {
    try {
      return await requestOnce(url, target, accept, connectDeadline, headersMs);
    } catch (error) {
      lastError = error;
      if (!(error instanceof FetchRefusedError && error.code === "connect-failed")) throw error;
    }
  }
  throw lastError;
}

function requestOnce(
  url: URL,
  target: ResolvedAddress,
  accept: readonly string[],
  connectDeadline: number,
  headersMs: number,
): Promise<IncomingMessage> {
  const secure = url.protocol === "https:";
  const hostname = bareHostname(url);
  return new Promise((resolvePromise, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const fail = (error: FetchRefusedError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
      req.destroy();
    };

    const req: ClientRequest = (secure ? https : http).request({
      // The pinned address: no DNS happens here, so what we checked is what we connect to.
      host: target.address,
      family: target.family,
      port: effectivePort(url),
      path: `${url.pathname}${url.search}`,
      method: "GET",
      // A fresh agent per request: no pooled socket from another hop, no shared state between requests.
      agent: false,
      // SNI and certificate checks use the URL's name, never the address (SNI may not carry an IP).
      ...(secure && !isIP(hostname) && { servername: hostname.replace(/\.$/, "") }),
      // Built from scratch on every hop: no Cookie, no Authorization, nothing from the previous response.
      headers: {
        host: url.host,
        accept: accept.join(", "),
        "accept-encoding": "identity",
        "user-agent": USER_AGENT,
        connection: "close",
      },
    });

    timer = setTimeout(
      () =>
        fail(
          refusal("timeout", url, `${displayHost(url)} took too long to accept a connection.`, { detail: "connect" }),
        ),
      Math.max(0, connectDeadline - Date.now()),
    );
    req.once("socket", (socket) => {
      socket.once(secure ? "secureConnect" : "connect", () => {
        clearTimeout(timer);
        timer = setTimeout(
          () => fail(refusal("timeout", url, `${displayHost(url)} took too long to answer.`, { detail: "headers" })),
          headersMs,
        );
      });
    });
    req.once("response", (response) => {
      if (settled) return void response.destroy();
      settled = true;
      clearTimeout(timer);
      resolvePromise(response);
    });
    req.on("error", (error: NodeJS.ErrnoException) => fail(describeRequestError(url, error)));
    req.end();
  });
}

const TLS_ERROR = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME|EPROTO/;

function describeRequestError(url: URL, error: NodeJS.ErrnoException): FetchRefusedError {
  const code = error.code ?? "";
  const detail = `${code} ${error.message}`.trim().slice(0, 200);
  if (TLS_ERROR.test(code)) {
    return refusal(
      "tls-failed",
      url,
      `The secure connection to ${displayHost(url)} failed: its certificate could not be trusted.`,
      { detail },
    );
  }
  if (code.startsWith("HPE_")) {
    return refusal("bad-response", url, `${displayHost(url)} sent a response that is not valid HTTP.`, { detail });
  }
  return refusal("connect-failed", url, `Attest could not connect to ${displayHost(url)}.`, { detail });
}

async function readResponse(
  url: URL,
  response: IncomingMessage,
  limits: { accept: readonly string[]; maxBytes: number; bodyMs: number },
): Promise<SafeResponse> {
  const status = response.statusCode ?? 0;
  const host = displayHost(url);
  const contentType = (response.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  try {
    if (status < 200 || status > 299) {
      const reason = `${host} answered “${status} ${describeStatus(status)}” instead of the document.`;
      throw refusal("http-status", url, reason, { status });
    }
    if (!limits.accept.includes(contentType)) {
      const what = contentType ? `a ${contentType.slice(0, 60)} document` : "a document of no stated type";
      throw refusal("content-type", url, `${host} sent ${what}, which is not a credential Attest can read.`);
    }
    const encoding = (response.headers["content-encoding"] ?? "identity").trim().toLowerCase();
    if (encoding !== "identity") {
      throw refusal("bad-response", url, `${host} sent a compressed response though Attest asked for none.`, {
        detail: `content-encoding ${encoding.slice(0, 40)}`,
      });
    }
    const declared = Number(response.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limits.maxBytes) throw tooLarge(url, limits.maxBytes);
  } catch (error) {
    response.destroy();
    throw error;
  }

  const body = await readBody(url, response, limits.maxBytes, limits.bodyMs);
  const text = () => body.toString("utf8").replace(/^\uFEFF/, "");
  return {
    url: url.href,
    status,
    contentType,
    body,
    text,
    json() {
      try {
        return JSON.parse(text());
      } catch {
        throw new FetchRefusedError("bad-response", `The document at ${host} is not valid JSON.`, host, {
          url: urlForLog(url),
        });
      }
    },
  };
}

function readBody(url: URL, response: IncomingMessage, maxBytes: number, bodyMs: number): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const fail = (error: FetchRefusedError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      response.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(refusal("timeout", url, `${displayHost(url)} took too long to send the document.`, { detail: "body" })),
      bodyMs,
    );
    response.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) return fail(tooLarge(url, maxBytes));
      chunks.push(chunk);
    });
    response.once("end", () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise(Buffer.concat(chunks));
    });
    // Covers a connection cut mid-body ("aborted") as well as socket errors.
    response.once("error", (error: NodeJS.ErrnoException) =>
      fail(
        refusal("connect-failed", url, `The connection to ${displayHost(url)} broke while reading the document.`, {
          detail: `${error.code ?? ""} ${error.message}`.trim().slice(0, 200),
        }),
      ),
    );
    response.once("close", () => {
      if (!response.complete) {
        fail(refusal("connect-failed", url, `The connection to ${displayHost(url)} broke while reading the document.`));
      }
    });
  });
}

function tooLarge(url: URL, maxBytes: number): FetchRefusedError {
  return refusal(
    "too-large",
    url,
    `The document at ${displayHost(url)} is larger than ${formatBytes(maxBytes)}, so Attest did not read it.`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

async function resolveWithSystemDns(hostname: string): Promise<ResolvedAddress[]> {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

function withDeadline<T>(promise: Promise<T>, deadline: number, onTimeout: () => Error): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), Math.max(0, deadline - Date.now()));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolvePromise(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function refusal(
  code: FetchRefusalCode,
  url: URL,
  message: string,
  extra: { status?: number; detail?: string } = {},
): FetchRefusedError {
  return new FetchRefusedError(code, message, displayHost(url), { ...extra, url: urlForLog(url) });
}

/** The host as a person would recognise it, cut short: the URL is attacker-chosen and may be huge. */
function displayHost(url: URL): string {
  return shorten(url.host || url.protocol, 80);
}

/**
 * The origin only: a share link's path (VerifierPlus /share/…, a wallet's presentation id) and its query are
 * the secret that opens it, and the log must not collect those.
 */
function urlForLog(url: URL): string {
  return shorten(url.host ? `${url.protocol}//${url.host}${url.pathname === "/" ? "/" : "/…"}` : url.protocol, 200);
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${+(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${+(bytes / 1_000).toFixed(1)} kB`;
  return `${bytes} bytes`;
}

function describeStatus(status: number): string {
  return http.STATUS_CODES[status] ?? "Unknown status";
}

// ---------------------------------------------------------------------------------------------------------------
// Address classification

/** [network, prefix length] for IPv4 ranges that are not globally reachable (IANA special-purpose registry). */
const FORBIDDEN_IPV4: ReadonlyArray<readonly [string, number]> = [
  ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches localhost on Linux
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT (also Alibaba Cloud's metadata at 100.100.100.200)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, including the cloud metadata service 169.254.169.254
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments (Oracle Cloud metadata at 192.0.0.192)
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast, deprecated
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, including broadcast 255.255.255.255
];

const FORBIDDEN_IPV4_RANGES = FORBIDDEN_IPV4.map(([network, bits]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { network: (parseIPv4(network)! & mask) >>> 0, mask };
});

/**
 * True unless `ip` is a public unicast address Attest may connect to. Anything that is not a canonical IP
 * address (a decimal integer, octal or hex form, a host name) is refused too: fail closed. The URL parser turns
 * such forms in URLs into dotted decimal before we get here, and resolvers return canonical text.
 *
 * IPv6: only global unicast (2000::/3) is allowed, minus its special blocks; IPv4-mapped (::ffff:a.b.c.d) and
 * NAT64 (64:ff9b::/96) addresses are judged by the IPv4 address they carry.
 */
export function isForbiddenAddress(ip: string): boolean {
  const v4 = parseIPv4(ip);
  if (v4 !== null) return isForbiddenIPv4(v4);
  const v6 = parseIPv6(ip);
  if (v6 === null) return true;
  return isForbiddenIPv6(v6);
}

function isForbiddenIPv4(address: number): boolean {
  return FORBIDDEN_IPV4_RANGES.some(({ network, mask }) => (address & mask) >>> 0 === network);
}

function isForbiddenIPv6(bytes: Uint8Array): boolean {
  const startsWith = (prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);
  const embeddedV4 = () => ((bytes[12] << 24) | (bytes[13] << 16) | (bytes[14] << 8) | bytes[15]) >>> 0;
  if (startsWith([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])) return isForbiddenIPv4(embeddedV4());
  if (startsWith([0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) return isForbiddenIPv4(embeddedV4());
  // Outside 2000::/3: ::, ::1, IPv4-compatible, fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast…
  if ((bytes[0] & 0xe0) !== 0x20) return true;
  if (bytes[0] === 0x20 && bytes[1] === 0x01 && bytes[2] < 0x02) return true; // 2001::/23 (Teredo, benchmarking…)
  if (startsWith([0x20, 0x01, 0x0d, 0xb8])) return true; // documentation
  if (startsWith([0x20, 0x02])) return true; // 6to4 carries any IPv4 address, private ones included
  if (bytes[0] === 0x3f && (bytes[1] & 0xf0) === 0xf0) return true; // 3fff::/20 documentation
  return false;
}

function parseIPv4(text: string): number | null {
  if (!isIPv4(text)) return null;
  return text.split(".").reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

function parseIPv6(text: string): Uint8Array | null {
  let s = text.replace(/%.*$/, ""); // a zone index says which interface, not which address
  if (!isIPv6(s)) return null;
  const lastColon = s.lastIndexOf(":");
  const tail = s.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = parseIPv4(tail);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, rest] = s.split("::");
  const headGroups = head ? head.split(":") : [];
  const restGroups = rest ? rest.split(":") : [];
  const zeros = s.includes("::") ? 8 - headGroups.length - restGroups.length : 0;
  const groups = [...headGroups, ...Array<string>(zeros).fill("0"), ...restGroups];
  if (groups.length !== 8) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  return bytes;
}
