/**
 * The web-surface probes of `npm run stress -- access` (issue 12), in their own module so that access.ts only
 * wires them in. The server runs with ATTEST_TRUST_PROXY=loopback, so this client (on loopback, like a proxy)
 * can speak for many client addresses through X-Forwarded-For.
 *
 * - open redirects: every whitespace, control-character, backslash and encoded variant of another site as the
 *   sign-in's redirectTo, through the signed-in GET and through a real sign-in POST: the Location must stay here;
 * - concurrent sign-in guesses: 100 wrong passwords for one account at once from 100 addresses (at most 10 may be
 *   checked), and 100 for 100 accounts from one address (at most 30);
 * - oversized bodies on every POST route: a declared 100 MB body (413 before any of it is sent), a form body of
 *   undeclared size (411), 2 MB streamed chunked into the JSON API (413), and a public submission of 51
 *   credentials (400, nothing stored);
 * - headers on every route (anonymous and as an admin), on static files, on a 404 and on a 413: CSP with a nonce
 *   and no unsafe-inline script, every inline script carrying that nonce, frame-ancestors, nosniff,
 *   Referrer-Policy; HSTS and a Secure cookie only over https (X-Forwarded-Proto from the trusted proxy);
 * - the server log: it says NODE_ENV=production, and holds none of the passwords, emails or tokens sent here.
 */
import http from "node:http";
import { performance } from "node:perf_hooks";

type Record_ = (group: string, name: string, expect: "allowed" | "refused", got: string) => void;

const PASSWORD = "stress web password 1";

export interface WebPrepared {
  guessEmail: string;
  adminEmail: string;
  adminCookie: string;
  invitationToken: string;
  credentialText: string;
}

/** Runs on the scenario's database before the server opens it. */
export async function prepareWebSurface(
  db: import("#db/client.server").Database,
  credentialText: string,
): Promise<WebPrepared> {
  const { createStaffUser } = await import("#app/auth/staff-accounts.server");
  const { createStaffSession } = await import("#app/auth/session.server");
  const { createInvitation } = await import("#app/ingest/public-submission.server");
  const deps = { db, now: () => new Date() };
  const make = async (email: string) => {
    const created = await createStaffUser(deps, { email, role: "admin", password: PASSWORD });
    if (created.status !== "created") throw new Error(created.message);
    return created.user.id;
  };
  await make("web-guessed@stress.test");
  const adminId = await make("web-admin@stress.test");
  const adminCookie = (await createStaffSession(deps, new Request("http://127.0.0.1/"), adminId)).split(
    ";",
  )[0] as string;
  const invitationToken = (await createInvitation(db, "Stress web surface")).token;
  return {
    guessEmail: "web-guessed@stress.test",
    adminEmail: "web-admin@stress.test",
    adminCookie,
    invitationToken,
    credentialText,
  };
}

/** The environment the server needs for these probes. */
export const WEB_SURFACE_ENV = { ATTEST_TRUST_PROXY: "loopback" };

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

/** One request with node:http, so that headers (Content-Length, Transfer-Encoding) are exactly what is written. */
function raw(
  origin: string,
  path: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    chunks?: { size: number; count: number };
  } = {},
): Promise<Raw> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // A connection of its own: a kept-alive socket the server closes just as it is reused reads as a reset.
    const request = http.request(
      `${origin}${path}`,
      { method: options.method ?? "GET", headers: options.headers, agent: false },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
            ms: performance.now() - started,
          }),
        );
      },
    );
    request.setTimeout(60_000, () => request.destroy(new Error(`timeout on ${path}`)));
    request.on("error", (error: NodeJS.ErrnoException) => {
      // The server closes the connection after refusing a body it will not read; a write may then fail.
      if (error.code === "EPIPE" || error.code === "ECONNRESET")
        resolve({ status: -1, headers: {}, body: error.code, ms: performance.now() - started });
      else reject(error);
    });
    if (options.chunks) {
      const chunk = Buffer.alloc(options.chunks.size, 0x20);
      let sent = 0;
      const more = () => {
        while (sent < options.chunks!.count) {
          sent++;
          if (!request.write(chunk)) return void request.once("drain", more);
        }
        request.end();
      };
      more();
    } else if (options.body !== undefined) {
      request.end(options.body);
    } else if (options.method === "POST") {
      // Headers only: a client that declares a huge body and waits to see whether it is wanted.
      request.flushHeaders();
    } else {
      request.end();
    }
  });
}

const HOSTILE_TARGETS = [
  "//evil.example/",
  "/\t/evil.example",
  "/%09/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/%0d%0a/evil.example",
  "/ /evil.example",
  "/\u0000/evil.example",
  "/\u001f/evil.example",
  "/\\evil.example",
  "/%5C/evil.example",
  "/%5c%5cevil.example",
  "/%2F/evil.example",
  "/%252F/evil.example",
  "/.//evil.example",
  "/./\\evil.example",
  "/../evil.example/..//evil.example",
  "///evil.example",
  "\\\\evil.example",
  " //evil.example",
  "https://evil.example/",
  "https:evil.example",
  "http:/evil.example",
  "javascript:alert(1)",
  "/\u3000/evil.example",
  "/\u2028/evil.example",
];

function leavesSite(location: string): boolean {
  if (!location) return false;
  if (/^[\s\\/]{2}|[\u0000-\u001f\u007f\\]/.test(location)) return true;
  return new URL(location, "http://attest.invalid/").origin !== "http://attest.invalid";
}

async function openRedirects(origin: string, p: WebPrepared, record: Record_, figures: Map<string, number>) {
  let offsite = 0;
  for (const target of HOSTILE_TARGETS) {
    const viaGet = await raw(origin, `/sign-in?redirectTo=${encodeURIComponent(target)}`, {
      headers: { cookie: p.adminCookie },
    });
    const getLeaves = leavesSite(String(viaGet.headers.location ?? ""));
    record(
      "web:redirect",
      `GET /sign-in signed in, redirectTo=${JSON.stringify(target)}`,
      "refused",
      getLeaves ? "allowed" : "refused",
    );
    const form = new URLSearchParams({ email: p.adminEmail, password: PASSWORD, redirectTo: target }).toString();
    const viaPost = await raw(origin, "/sign-in", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(Buffer.byteLength(form)),
        "x-forwarded-for": "192.0.2.200",
      },
      body: form,
    });
    const postLeaves = leavesSite(String(viaPost.headers.location ?? ""));
    record(
      "web:redirect",
      `POST /sign-in, redirectTo=${JSON.stringify(target)} (${viaPost.status})`,
      "refused",
      postLeaves ? "allowed" : viaPost.status === 302 ? "refused" : `not signed in (${viaPost.status})`,
    );
    offsite += Number(getLeaves) + Number(postLeaves);
  }
  const control = await raw(origin, `/sign-in?redirectTo=${encodeURIComponent("/search?q=x")}`, {
    headers: { cookie: p.adminCookie },
  });
  record(
    "web:redirect",
    "GET /sign-in signed in, redirectTo=/search?q=x (control)",
    "allowed",
    control.headers.location === "/search?q=x" ? "allowed" : `went to ${control.headers.location}`,
  );
  figures.set("redirect_variants", HOSTILE_TARGETS.length * 2);
  figures.set("redirects_offsite", offsite);
}

async function concurrentGuesses(origin: string, p: WebPrepared, record: Record_, figures: Map<string, number>) {
  const guess = (email: string, address: string, i: number) => {
    const form = new URLSearchParams({ email, password: `wrong guess ${i}` }).toString();
    return raw(origin, "/sign-in?_data=routes%2Fsign-in", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(Buffer.byteLength(form)),
        "x-forwarded-for": address,
      },
      body: form,
    });
  };
  const started = performance.now();
  const oneAccount = await Promise.all(
    Array.from({ length: 100 }, (_, i) => guess(p.guessEmail, `198.51.100.${i + 1}`, i)),
  );
  const checked = oneAccount.filter((a) => a.status === 400).length;
  const limited = oneAccount.filter((a) => a.status === 429).length;
  const statuses = [...new Set(oneAccount.map((a) => a.status))]
    .map((s) => `${s}×${oneAccount.filter((a) => a.status === s).length}`)
    .join(" ");
  record(
    "web:sign-in",
    `100 concurrent guesses for one account from 100 addresses: ${checked} checked (at most 10), ${limited} refused unchecked (${statuses})`,
    "refused",
    checked <= 10 && checked + limited === 100 ? "refused" : "allowed",
  );
  const oneAddress = await Promise.all(
    Array.from({ length: 100 }, (_, i) => guess(`nobody-${i}@stress.test`, "203.0.113.77", i)),
  );
  const checkedFromOne = oneAddress.filter((a) => a.status === 400).length;
  record(
    "web:sign-in",
    `100 concurrent guesses from one address for 100 accounts: ${checkedFromOne} checked (at most 30)`,
    "refused",
    checkedFromOne <= 30 ? "refused" : "allowed",
  );
  // Another address is not locked out by that one (the limit is per trusted client address, not the proxy's).
  const form = new URLSearchParams({ email: p.adminEmail, password: PASSWORD }).toString();
  const other = await raw(origin, "/sign-in", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(form)),
      "x-forwarded-for": "192.0.2.201",
    },
    body: form,
  });
  record(
    "web:sign-in",
    "another address behind the same proxy still signs in (control)",
    "allowed",
    other.status === 302 ? "allowed" : `refused (${other.status})`,
  );
  figures.set("signin_guesses", 200);
  figures.set("signin_checked_one_account", checked);
  figures.set("signin_checked_one_address", checkedFromOne);
  figures.set("signin_guess_seconds", Math.round((performance.now() - started) / 100) / 10);
}

async function oversizedBodies(origin: string, p: WebPrepared, record: Record_, figures: Map<string, number>) {
  const { routes } = await import("#app/auth/route-table");
  const paths = [...new Set(Object.values(routes).map((row) => row.path.split("?")[0] as string))];
  paths.push(`/submit/${p.invitationToken}`);
  let refused = 0;
  let slowest = 0;
  for (const path of paths) {
    const declared = await raw(origin, path, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(100_000_000),
        cookie: p.adminCookie,
      },
    });
    slowest = Math.max(slowest, declared.ms);
    const ok = declared.status === 413 && /larger than/.test(declared.body);
    refused += Number(ok);
    record("web:body", `POST ${path} declaring 100 MB`, "refused", ok ? "refused" : `allowed (${declared.status})`);
  }
  for (const path of ["/sign-in", `/set-password/nope`, `/submit/${p.invitationToken}`, "/account"]) {
    const chunked = await raw(origin, path, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "transfer-encoding": "chunked",
        cookie: p.adminCookie,
      },
      chunks: { size: 64 * 1024, count: 32 },
    });
    record(
      "web:body",
      `POST ${path} with 2 MB of undeclared size`,
      "refused",
      chunked.status === 411 || chunked.status === -1 ? "refused" : `allowed (${chunked.status})`,
    );
  }
  const api = await raw(origin, "/api/credentials/verify", {
    method: "POST",
    headers: { "content-type": "application/json", "transfer-encoding": "chunked", authorization: "Bearer not-a-key" },
    chunks: { size: 64 * 1024, count: 32 },
  });
  // Without a key the API refuses before reading (401); either way none of the 2 MB was taken in.
  record(
    "web:body",
    "POST /api/credentials/verify streaming 2 MB chunked",
    "refused",
    [401, 413, -1].includes(api.status) ? "refused" : `allowed (${api.status})`,
  );
  const many = JSON.stringify(Array.from({ length: 51 }, () => JSON.parse(p.credentialText)));
  const form = new FormData();
  form.set("name", "Stress Many");
  form.set("email", "stress-many@stress.test");
  form.set("consent", "on");
  form.set("credential", many);
  const response = await fetch(
    `${origin}/submit/${p.invitationToken}?_data=${encodeURIComponent("routes/submit.$token")}`,
    { method: "POST", body: form },
  );
  const text = await response.text();
  record(
    "web:body",
    "a public submission of 51 credentials in one paste",
    "refused",
    /at most 50/.test(text) && !/"credentialId"/.test(text) ? "refused" : `allowed (${response.status})`,
  );
  figures.set("body_routes", paths.length);
  figures.set("body_refused_413", refused);
  figures.set("body_slowest_ms", Math.round(slowest));
}

const HEADER_CHECKS: Array<[string, (h: http.IncomingHttpHeaders) => boolean]> = [
  [
    "CSP with a nonce, no unsafe-inline script",
    (h) => {
      const scriptSrc = /script-src ([^;]+)/.exec(String(h["content-security-policy"] ?? ""))?.[1] ?? "";
      return /'nonce-[^']{16,}'/.test(scriptSrc) && !/unsafe-inline|unsafe-eval/.test(scriptSrc);
    },
  ],
  ["frame-ancestors 'none'", (h) => /frame-ancestors 'none'/.test(String(h["content-security-policy"] ?? ""))],
  ["X-Content-Type-Options: nosniff", (h) => h["x-content-type-options"] === "nosniff"],
  ["Referrer-Policy", (h) => typeof h["referrer-policy"] === "string"],
  ["no X-Powered-By", (h) => h["x-powered-by"] === undefined],
];

async function headers(origin: string, p: WebPrepared, record: Record_, figures: Map<string, number>) {
  const { routes } = await import("#app/auth/route-table");
  const targets: Array<[string, Record<string, string>]> = [];
  for (const row of Object.values(routes)) {
    targets.push([row.path, {}], [row.path, { cookie: p.adminCookie }]);
  }
  targets.push(["/favicon.svg", {}], ["/no-such-page", {}], [`/submit/${p.invitationToken}`, {}]);
  let responses = 0;
  let missing = 0;
  let inlineWithoutNonce = 0;
  for (const [path, extra] of targets) {
    const answer = await raw(origin, path, { headers: extra });
    responses++;
    for (const [name, check] of HEADER_CHECKS) {
      const ok = check(answer.headers);
      missing += Number(!ok);
      if (!ok)
        record(
          "web:headers",
          `${name} on GET ${path}${extra.cookie ? " as admin" : ""} (${answer.status})`,
          "allowed",
          "missing",
        );
    }
    const nonce = /'nonce-([^']+)'/.exec(String(answer.headers["content-security-policy"] ?? ""))?.[1];
    if (String(answer.headers["content-type"] ?? "").includes("text/html")) {
      for (const tag of answer.body.match(/<script\b[^>]*>/g) ?? []) {
        if (/\bsrc=/.test(tag)) continue;
        if (!nonce || !tag.includes(`nonce="${nonce}"`)) {
          inlineWithoutNonce++;
          record("web:headers", `an inline script without this response's nonce on GET ${path}`, "allowed", "missing");
        }
      }
    }
  }
  record(
    "web:headers",
    `${responses} responses carry every header`,
    "allowed",
    missing === 0 ? "allowed" : `${missing} missing`,
  );
  // A built asset too: the first script the sign-in page loads.
  const page = await raw(origin, "/sign-in");
  const asset = /src="(\/build\/[^"]+\.js)"/.exec(page.body)?.[1] ?? /href="(\/build\/[^"]+\.js)"/.exec(page.body)?.[1];
  if (asset) {
    const built = await raw(origin, asset);
    record(
      "web:headers",
      `nosniff and CSP on a built asset (${asset})`,
      "allowed",
      HEADER_CHECKS.every(([, c]) => c(built.headers)) ? "allowed" : "missing",
    );
  }
  const refused = await raw(origin, "/sign-in", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "content-length": "100000000" },
  });
  record(
    "web:headers",
    "headers on a 413 refusal",
    "allowed",
    HEADER_CHECKS.every(([, c]) => c(refused.headers)) ? "allowed" : "missing",
  );

  // https only from the trusted proxy's X-Forwarded-Proto: HSTS and a Secure cookie then, neither over plain http.
  const form = new URLSearchParams({ email: p.adminEmail, password: PASSWORD }).toString();
  const signIn = (proto?: string) =>
    raw(origin, "/sign-in", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(Buffer.byteLength(form)),
        "x-forwarded-for": "192.0.2.202",
        ...(proto ? { "x-forwarded-proto": proto } : {}),
      },
      body: form,
    });
  const secure = await signIn("https");
  const cookie = String(secure.headers["set-cookie"] ?? "");
  record(
    "web:headers",
    "sign-in behind the proxy over https: Secure cookie and HSTS",
    "allowed",
    /Secure/.test(cookie) && secure.headers["strict-transport-security"]
      ? "allowed"
      : `missing (${cookie.slice(0, 80)})`,
  );
  const plain = await signIn();
  record(
    "web:headers",
    "sign-in over plain http: no HSTS (control)",
    "allowed",
    plain.headers["strict-transport-security"] === undefined ? "allowed" : "HSTS sent",
  );
  figures.set("header_responses", responses);
  figures.set("headers_missing", missing);
  figures.set("inline_scripts_without_nonce", inlineWithoutNonce);
}

/** Runs every web-surface probe; returns the figures line. */
export async function probeWebSurface(
  origin: string,
  p: WebPrepared,
  record: Record_,
  serverLog: () => string,
): Promise<string> {
  const figures = new Map<string, number>();
  await openRedirects(origin, p, record, figures);
  await headers(origin, p, record, figures);
  await oversizedBodies(origin, p, record, figures);
  // Last: it uses up the sign-in limits of the addresses it speaks for.
  await concurrentGuesses(origin, p, record, figures);
  const log = serverLog();
  record(
    "web:log",
    "the server says it runs with NODE_ENV=production",
    "allowed",
    /mode: NODE_ENV=production/.test(log) ? "allowed" : "not production",
  );
  const leaked = [PASSWORD, p.guessEmail, p.adminEmail, p.invitationToken, "stress-many@stress.test"].filter((secret) =>
    log.includes(secret),
  );
  record(
    "web:log",
    "the server log holds none of the passwords, emails or tokens sent",
    "refused",
    leaked.length ? "allowed" : "refused",
  );
  figures.set("log_secrets_found", leaked.length);
  return `access-web: ${[...figures].map(([name, value]) => `${name}=${value}`).join(" ")}`;
}
