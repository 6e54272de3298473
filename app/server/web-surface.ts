/**
 * What every HTTP response and request body goes through before Remix sees it: which proxy is trusted (so the
 * client address and https come from its headers and no one else's), security headers with a fresh CSP nonce per
 * response, compression, and a cap on each route's body. See docs/decisions/020-web-surface.md.
 */
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import compression from "compression";
import type { Express, Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import { bodyLimitFor, describeBytes } from "./body-limits";

/** Express's "trust proxy": false, a hop count, or the proxies' addresses and subnets. */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * Reads ATTEST_TRUST_PROXY: unset or empty trusts no proxy (the socket's peer is the client); a number is how many
 * proxies stand in front of Attest; otherwise a comma-separated list of their addresses or subnets (and Express's
 * names loopback, linklocal, uniquelocal). "true" is refused: it would believe an X-Forwarded-For any client wrote.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? "";
  if (text === "" || text === "false" || text === "0") return false;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === "true" || text === "*") {
    throw new Error(
      `ATTEST_TRUST_PROXY=${text} would trust an X-Forwarded-For header that any client can write. ` +
        "Give the number of proxies in front of Attest (usually 1) or their addresses (loopback, 10.0.0.0/8).",
    );
  }
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split("/");
    const version = isIP(address ?? "");
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (version === 6 ? 128 : 32));
    if (!NAMED_RANGES.has(entry) && (version === 0 || !bitsOk || rest.length > 0)) {
      throw new Error(
        `ATTEST_TRUST_PROXY: "${entry.slice(0, 60)}" is not an address, a subnet (10.0.0.0/8) or one of loopback, linklocal, uniquelocal.`,
      );
    }
  }
  return entries;
}

export interface WebSurfaceOptions {
  trustProxy: TrustProxy;
}

export function webSurfaceOptionsFromEnv(env: NodeJS.ProcessEnv): WebSurfaceOptions {
  return { trustProxy: parseTrustProxy(env.ATTEST_TRUST_PROXY) };
}

/** The nonce of this response's Content-Security-Policy, for the scripts Remix renders. */
export function cspNonceOf(res: Response): string {
  return (res.locals as { cspNonce?: string }).cspNonce ?? "";
}

/**
 * The client's address: the socket's peer, or, behind a trusted proxy, the address that proxy reported (Express
 * walks X-Forwarded-For from the right and stops at the first address it does not trust).
 */
export function clientAddressOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? "unknown";
}

/** The load context every Remix loader and action gets (app/context.ts). */
export function loadContextFor<S>(services: S) {
  return (req: Request, res: Response) => ({
    services,
    clientAddress: clientAddressOf(req),
    cspNonce: cspNonceOf(res),
  });
}

/** Installs, in order: proxy trust, security headers, compression, body caps. Call before any route. */
export function installWebSurface(app: Express, options: WebSurfaceOptions): void {
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy);
  app.use(assignCspNonce, securityHeaders, noReferrerOnShareLinks, strictTransportOnHttps);
  app.use(compression());
  app.use(capRequestBodies);
}

const assignCspNonce: RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
};

const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      "default-src": ["'self'"],
      // Remix's inline scripts (route data, hydration, scroll restoration) carry this response's nonce; nothing
      // else inline runs, so an injected <script> does not.
      "script-src": ["'self'", (_req, res) => `'nonce-${cspNonceOf(res as Response)}'`],
      // React writes style attributes (charts, progress bars); styles cannot run code.
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:"],
      "font-src": ["'self'"],
      "connect-src": ["'self'"],
      "object-src": ["'none'"],
      "base-uri": ["'self'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
    },
  },
  // Decided per request below: only a response that came over https may pin https.
  strictTransportSecurity: false,
  frameguard: { action: "deny" },
  // Same-origin keeps a candidate's token in /submit/… or /withdraw/… out of the Referer that a link to an issuer
  // would send, and (unlike no-referrer) keeps the Origin header on our own form posts, which the CSRF check reads.
  referrerPolicy: { policy: "same-origin" },
});

/**
 * A shortlist's share page (/shared/<token>) sends no Referer at all: its URL is the credential, and the page posts
 * no form, so nothing needs the Origin header that same-origin keeps (docs/decisions/061).
 */
const noReferrerOnShareLinks: RequestHandler = (req, res, next) => {
  if (req.path.startsWith("/shared/")) res.setHeader("Referrer-Policy", "no-referrer");
  next();
};

const strictTransportOnHttps: RequestHandler = (req, res, next) => {
  if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
};

/**
 * Refuses a body larger than its route accepts before a byte of it is read (413 with a sentence), and a body whose
 * size is not declared (chunked) on the form routes, which browsers never send (411). Node's HTTP parser never
 * hands over more than Content-Length bytes, so a declared size is an upper bound; the JSON API also reads its
 * body as a stream with the same cap (app/api/read-json.server.ts), which lets it take chunked bodies.
 */
const capRequestBodies: RequestHandler = (req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") return next();
  const limit = bodyLimitFor(req.path);
  const declared = req.get("content-length");
  const chunked = req.get("transfer-encoding") !== undefined;
  if (declared === undefined && chunked && !limit.streamed) {
    return refuseBody(
      req,
      res,
      411,
      "Send the form with its size (Content-Length); a body without one is not accepted here.",
    );
  }
  if (declared !== undefined && (!/^\d+$/.test(declared) || Number(declared) > limit.maxBytes)) {
    return refuseBody(
      req,
      res,
      413,
      `What was sent is larger than ${describeBytes(limit.maxBytes)}, the most ${limit.what} accepts, so none of it was read.`,
    );
  }
  next();
};

function refuseBody(req: Request, res: Response, status: 411 | 413, sentence: string) {
  // The body is not read: closing the connection is cheaper than draining 100 MB the client may still be sending.
  res.status(status).set("Connection", "close");
  // The JSON API answers in JSON, as its own cap does (app/api/read-json.server.ts); pages answer in a sentence.
  if (req.path.startsWith("/api/"))
    res.json({ error: status === 413 ? "too-large" : "length-required", message: sentence });
  else res.type("text/plain").send(sentence);
}
