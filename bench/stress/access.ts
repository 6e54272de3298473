/**
 * `npm run stress -- access [--quick] [--db pglite|postgres] [--no-build]`: over HTTP against a running Attest on
 * 127.0.0.1, everyone who should be refused is refused.
 *
 * Probes (each checked against the status it must get):
 * - the role matrix of app/auth/route-access.test.ts (the same table, app/auth/route-table.ts) over HTTP: every
 *   route file × anonymous, recruiter, verifier, admin × GET and POST, each signed-in case with its own session and
 *   its CSRF token, so the role check is what answers;
 * - every API route (app/routes/api.*.ts): no key, a wrong key, a garbage key, a revoked key, a key in the query
 *   string, Basic instead of Bearer, a staff session cookie (with its CSRF token) instead of a key: 401; a valid
 *   key: not 401/403 (the control);
 * - session fixation: a cookie planted before sign-in (another user's live session, the victim's own, an unsigned
 *   forged token) is never the cookie after it, and is dead afterwards; a live session's token signed with another
 *   secret, unsigned, or with a tampered signature is refused;
 * - expired sessions: rows written before the server starts with last_seen_at 13 hours ago (idle) or expires_at in
 *   the past (absolute), a deactivated user's session, a signed-out session: refused; one seen 11 hours ago: allowed;
 * - CSRF: every staff POST (each route whose action exists, as a role allowed to use it) without a token, with
 *   another session's token (form field and header), with an empty one: 403; the sign-in form with a foreign Origin;
 * - invitations and submissions: a closed, an expired, an unknown or altered invitation token: 404 on GET and POST;
 *   a withdrawal link altered, truncated, or replaced by another submission's id, candidate id or stored hash: 404;
 *   one candidate's withdrawal deletes them and leaves another candidate (another invitation) untouched;
 * - a withdrawn candidate: /candidates/:id answers 404 to staff, the withdrawal link is dead (GET and POST), the
 *   search and its CSV export no longer find them (each first checked to find them before the withdrawal);
 * - identity attacks (access-identity.ts): someone else's email through the form, the API and the wallet exchange,
 *   pre-claiming, a withdrawal link aimed at other submissions; figure `takeovers` (must be 0).
 * The database is prepared before the server opens it (PGlite allows one process), so the clock needs no shifting:
 * the expired sessions are written with past times.
 *
 * Figures: probes, refusals as expected, unexpected allows (must be 0), controls that failed (must be 0; a probe
 * whose allowed twin is refused proves nothing). Exit 1 otherwise.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createCookie } from "@remix-run/node";
import { eq } from "drizzle-orm";
import {
  candidateIdInSearchPage,
  confirmByMail,
  identityAttacks,
  startMailCatcher,
  type MailCatcher,
} from "./access-identity";
import { buildApp, buildPrivateCopy, Cleanups, createAttestServer, createRunDatabase, takeE2eLock } from "./harness";
import { parseScenarioArgs } from "./options";
import { prepareWebSurface, probeWebSurface, WEB_SURFACE_ENV, type WebPrepared } from "./access-web";

const usage = "usage: npm run stress -- access [--quick] [--db pglite|postgres] [--no-build | --private-build]";
const PASSWORD = "stress access password 1";

// ---------------------------------------------------------------------------------------------------------------
// Starting Attest (bench/stress/harness.ts)

export interface RunningAttest {
  origin: string;
  stop: () => Promise<void>;
  log: () => string;
}

/**
 * Attest on 127.0.0.1 on a free port on a fresh PGlite directory or PostgreSQL database; `prepare` runs on that
 * database before the server opens it. build "private": built in a private copy of the checkout (no e2e lock);
 * "shared": `npm run build` here under the e2e lock, held until stop; "none": ./build as it is, under the lock.
 */
export async function startAttest<T>(options: {
  db: "pglite" | "postgres";
  build: "private" | "shared" | "none";
  env?: Record<string, string>;
  prepare: (db: import("#db/client.server").Database) => Promise<T>;
}): Promise<RunningAttest & { prepared: T }> {
  const work = mkdtempSync(path.join(tmpdir(), "attest-stress-"));
  const cleanups = new Cleanups();
  cleanups.add(() => rmSync(work, { recursive: true, force: true }));
  const stop = () => cleanups.run();
  try {
    const database = await createRunDatabase(options.db, work);
    cleanups.add(() => database.drop());
    const handle = await database.open();
    let prepared: T;
    try {
      prepared = await options.prepare(handle.db);
    } finally {
      await handle.close();
    }
    let cwd: string | undefined;
    if (options.build === "private") {
      const copy = await buildPrivateCopy();
      cleanups.add(copy.remove);
      cwd = copy.dir;
    } else {
      cleanups.add(await takeE2eLock());
      await buildApp(options.build === "none");
    }
    const server = await createAttestServer({ database, cwd, env: { ATTEST_FETCH_ALLOW_HOSTS: "", ...options.env } });
    cleanups.add(() => server.stop());
    await server.start();
    return { origin: server.origin, prepared, log: server.log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function buildMode(values: { "no-build"?: boolean; "private-build"?: boolean }): "private" | "shared" | "none" {
  return values["private-build"] ? "private" : values["no-build"] ? "none" : "shared";
}

// ---------------------------------------------------------------------------------------------------------------
// The scenario

type Role = "recruiter" | "verifier" | "admin";
interface Session {
  cookie: string;
  csrf: string;
}
interface Prepared {
  sessions: Record<Role, Session[]>;
  users: Record<Role | "victim" | "attacker", { id: string; email: string }>;
  expired: { idle: Session; absolute: Session; deactivated: Session; almostIdle: Session };
  forged: Record<string, string>;
  apiKeys: { valid: string; revoked: string };
  invitations: { open1: string; open2: string; closed: string; expired: string };
  credentialTexts: string[];
  web: WebPrepared;
  /** For the identity attacks (access-identity.ts): a wallet request made out to the victim's email. */
  identity: { exchangeId: string; victimEmail: string };
}

/** Expected refusal kinds; "allowed" means any answer that is not a refusal (200, 400, 404, a redirect elsewhere…). */
type Expect = "allowed" | "refused" | "401" | "403" | "404" | "sent to sign in";

interface ProbeResult {
  group: string;
  name: string;
  expect: Expect;
  got: string;
  ok: boolean;
}

const ROLES: Role[] = ["recruiter", "verifier", "admin"];
const SESSIONS_PER_ROLE = 110;

async function prepare(db: import("#db/client.server").Database): Promise<Prepared> {
  const { createStaffUser } = await import("#app/auth/staff-accounts.server");
  const { createStaffSession, getStaffUser } = await import("#app/auth/session.server");
  const { createApiKey } = await import("#app/auth/api-keys.server");
  const { revokeApiKey } = await import("#db/queries/api-keys.server");
  const { updateStaffUser } = await import("#db/queries/staff.server");
  const { createInvitation } = await import("#app/ingest/public-submission.server");
  const { getSetting } = await import("#db/queries/settings.server");
  const { invitations, staffSessions } = await import("#db/schema/index");
  const { generateOutcomes } = await import("#app/verification/fixtures/generate-outcomes.server");

  const deps = { db, now: () => new Date() };
  const user = async (email: string, role: Role) => {
    const created = await createStaffUser(deps, { email, role, password: PASSWORD });
    if (created.status !== "created") throw new Error(created.message);
    return { id: created.user.id, email };
  };
  const users = {
    recruiter: await user("recruiter@stress.test", "recruiter"),
    verifier: await user("verifier@stress.test", "verifier"),
    admin: await user("admin@stress.test", "admin"),
    victim: await user("victim@stress.test", "recruiter"),
    attacker: await user("attacker@stress.test", "recruiter"),
  };
  const gone = await user("deactivated@stress.test", "recruiter");

  const at = (now: Date) => ({ db, now: () => now });
  const session = async (userId: string, now = new Date()): Promise<Session> => {
    const cookie = (await createStaffSession(at(now), new Request("http://127.0.0.1/"), userId)).split(
      ";",
    )[0] as string;
    const identity = await getStaffUser(new Request("http://127.0.0.1/", { headers: { cookie } }), at(now));
    return { cookie, csrf: identity!.csrfToken };
  };
  const sessions = {} as Record<Role, Session[]>;
  for (const role of ROLES) {
    sessions[role] = [];
    for (let i = 0; i < SESSIONS_PER_ROLE; i++) sessions[role].push(await session(users[role].id));
  }

  const hours = (h: number) => new Date(Date.now() - h * 3_600_000);
  const idle = await session(users.recruiter.id, hours(13));
  const almostIdle = await session(users.recruiter.id, hours(11));
  const absolute = await session(users.recruiter.id, hours(8 * 24));
  // Seen a minute ago, so only the absolute expiry (7 days after creation) can refuse it.
  const absoluteId = (
    await db.select({ id: staffSessions.id, lastSeenAt: staffSessions.lastSeenAt }).from(staffSessions)
  ).find((row) => row.lastSeenAt.getTime() === hours(8 * 24).getTime() || row.lastSeenAt < hours(24 * 7));
  if (!absoluteId) throw new Error("the absolute-expiry session row was not found");
  await db
    .update(staffSessions)
    .set({ lastSeenAt: new Date(Date.now() - 60_000) })
    .where(eq(staffSessions.id, absoluteId.id));
  const deactivated = await session(gone.id);
  // Deactivated in the table only (deactivateStaffUser would also delete the sessions): the account check must refuse.
  await updateStaffUser(db, gone.id, { deactivatedAt: new Date() });

  // A live admin session's own token, presented in ways that must not count.
  const secret = (await getSetting<string>(db, "auth.cookie-secret")) as string;
  const live = await session(users.admin.id);
  const token = (await createCookie("attest_session", { secrets: [secret] }).parse(live.cookie)) as string;
  const otherSecret = createCookie("attest_session", { secrets: [randomBytes(32).toString("base64url")] });
  const unsigned = createCookie("attest_session", {});
  const value = live.cookie.slice("attest_session=".length);
  const flipped = value.slice(0, -2) + (value.at(-2) === "A" ? "B" : "A") + value.at(-1);
  const forged = {
    "a live session's token signed with another installation's secret": (await otherSecret.serialize(token)).split(
      ";",
    )[0] as string,
    "a live session's token without a signature": (await unsigned.serialize(token)).split(";")[0] as string,
    "a live session's token, raw": `attest_session=${token}`,
    "a live session's cookie with its signature tampered": `attest_session=${flipped}`,
    "a live session's cookie with its signature cut off": `attest_session=${value.slice(0, value.lastIndexOf("."))}`,
    "a random token signed with another secret": (
      await otherSecret.serialize(randomBytes(32).toString("base64url"))
    ).split(";")[0] as string,
    "a session id (the stored hash) as the cookie": `attest_session=${(await db.select({ id: staffSessions.id }).from(staffSessions).limit(1))[0]!.id}`,
  };

  const valid = await createApiKey(db, "stress access valid");
  const revoked = await createApiKey(db, "stress access revoked");
  await revokeApiKey(db, revoked.id, new Date());

  const token1 = (await createInvitation(db, "Stress access one")).token;
  const token2 = (await createInvitation(db, "Stress access two")).token;
  const closed = (await createInvitation(db, "Stress access closed")).token;
  await db.update(invitations).set({ closedAt: new Date() }).where(eq(invitations.token, closed));
  const expiredInvitation = (await createInvitation(db, "Stress access expired", new Date(Date.now() - 60_000))).token;

  const victimEmail = `victim-${randomBytes(4).toString("hex")}@stress.test`;
  const { createExchange } = await import("#app/ingest/exchange.server");
  const exchange = await createExchange(
    db,
    { name: "Vera Victim", email: victimEmail },
    "http://127.0.0.1",
    new Date(),
  );
  const files = await generateOutcomes();
  const credentialTexts = ["valid-eddsa-rdfc-2022.json", "valid-vc1.json", "clr-valid.json"].map((name) => {
    const file = files.get(name);
    return typeof file === "string" ? file : JSON.stringify(file);
  });
  return {
    sessions,
    users,
    expired: { idle, absolute, deactivated, almostIdle },
    forged,
    apiKeys: { valid: valid.secret, revoked: revoked.secret },
    invitations: { open1: token1, open2: token2, closed, expired: expiredInvitation },
    credentialTexts,
    web: await prepareWebSurface(db, credentialTexts[0] as string),
    identity: { exchangeId: exchange.id, victimEmail },
  };
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseScenarioArgs(
    args,
    {
      db: { type: "string", default: "pglite" },
      "no-build": { type: "boolean", default: false },
      "private-build": { type: "boolean", default: false },
    },
    usage,
  );
  if (values.db !== "pglite" && values.db !== "postgres") {
    console.error(usage);
    return 2;
  }
  const started = performance.now();
  // Mail (confirmation links) goes to a real SMTP server this scenario runs, where candidates read it.
  const mail = await startMailCatcher();
  const server = await startAttest({
    db: values.db,
    build: buildMode(values),
    prepare,
    env: { ...WEB_SURFACE_ENV, SMTP_URL: mail.url },
  }).catch(async (error) => {
    await mail.close();
    throw error;
  });
  const results: ProbeResult[] = [];
  const findings: string[] = [];
  let webFigures = "";
  let takeovers = 0;
  try {
    const probe = new Prober(server.origin, results);
    const p = server.prepared;
    const actions = await roleMatrix(probe, p);
    await apiKeys(probe, p);
    await fixation(probe, p);
    await expiry(probe, p);
    await csrf(probe, p, actions);
    await submissions(probe, p, findings, mail);
    webFigures = await probeWebSurface(
      server.origin,
      p.web,
      (group, name, expect, got) => probe.record(group, name, expect, got),
      server.log,
    );
    takeovers = await identityAttacks({
      probe,
      mail,
      invitation: p.invitations.open2,
      apiKey: p.apiKeys.valid,
      staff: takeSession(p, "admin"),
      exchangeId: p.identity.exchangeId,
      victimEmail: p.identity.victimEmail,
      credentialTexts: p.credentialTexts,
    });
  } finally {
    await server.stop();
    await mail.close();
  }

  const failures = results.filter((r) => !r.ok);
  const refusalsExpected = results.filter((r) => r.expect !== "allowed");
  const unexpectedAllows = failures.filter((r) => r.expect !== "allowed" && r.got === "allowed");
  const controlsFailed = failures.filter((r) => r.expect === "allowed");
  const otherMismatches = failures.filter((r) => r.expect !== "allowed" && r.got !== "allowed");
  for (const r of failures.slice(0, 60))
    console.log(`  FAIL ${r.group}: ${r.name}: expected ${r.expect}, got ${r.got}`);
  for (const finding of findings) console.log(`  finding: ${finding}`);
  const byGroup = new Map<string, number>();
  for (const r of results) byGroup.set(r.group, (byGroup.get(r.group) ?? 0) + 1);
  if (webFigures) console.log(webFigures);
  console.log(`  probes by group: ${[...byGroup].map(([g, n]) => `${g}=${n}`).join(" ")}`);
  console.log(
    `access: db=${values.db} probes=${results.length} refusals_expected=${refusalsExpected.length} ` +
      `refused_as_expected=${refusalsExpected.length - unexpectedAllows.length - otherMismatches.length} ` +
      `unexpected_allows=${unexpectedAllows.length} refused_otherwise=${otherMismatches.length} ` +
      `controls_failed=${controlsFailed.length} findings=${findings.length} takeovers=${takeovers} ` +
      `seconds=${((performance.now() - started) / 1000).toFixed(0)}`,
  );
  return unexpectedAllows.length === 0 && controlsFailed.length === 0 && otherMismatches.length === 0 && takeovers === 0
    ? 0
    : 1;
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP

interface Answer {
  status: number;
  location: string;
  setCookie: string;
  body: string;
}

class Prober {
  constructor(
    readonly origin: string,
    readonly results: ProbeResult[],
  ) {}

  async send(
    pathname: string,
    init: {
      method?: string;
      cookie?: string;
      headers?: Record<string, string>;
      form?: Record<string, string>;
      json?: unknown;
      body?: BodyInit;
    } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.cookie) headers.cookie = init.cookie;
    let body: BodyInit | undefined = init.body;
    if (init.form) {
      body = new URLSearchParams(init.form);
      headers["content-type"] = "application/x-www-form-urlencoded";
    } else if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers["content-type"] = "application/json";
    }
    const response = await fetch(`${this.origin}${pathname}`, {
      method: init.method ?? (body ? "POST" : "GET"),
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(60_000),
    });
    return {
      status: response.status,
      location: response.headers.get("location") ?? "",
      setCookie: response.headers.get("set-cookie") ?? "",
      body: await response.text(),
    };
  }

  /** Records one probe: an answer, or the outcome already worked out ("allowed" or a refusal kind, or a failure). */
  record(group: string, name: string, expect: Expect, answer: Answer | string): boolean {
    const got = typeof answer === "string" ? answer : kindOf(answer);
    const ok = expect === "refused" ? got !== "allowed" && !got.startsWith("not ") : got === expect;
    const shown =
      typeof answer === "string" || ok
        ? got
        : `${got} (${answer.status} ${answer.location || answer.body.slice(0, 100).replace(/\s+/g, " ")})`;
    this.results.push({ group, name, expect, got: shown, ok });
    return ok;
  }
}

function kindOf(answer: Answer): string {
  if (answer.status === 401) return "401";
  if (answer.status === 403) return "403";
  if (answer.status === 404) return "404";
  if (answer.location.startsWith("/sign-in?redirectTo=")) return "sent to sign in";
  return "allowed";
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

function takeSession(p: Prepared, role: Role): Session {
  const session = p.sessions[role].pop();
  if (!session) throw new Error(`out of ${role} sessions: raise SESSIONS_PER_ROLE`);
  return session;
}

// ---------------------------------------------------------------------------------------------------------------
// Probes

/** The role matrix over HTTP. Returns the routes whose POST reaches an action (not 405), for the CSRF probes. */
async function roleMatrix(probe: Prober, p: Prepared): Promise<Set<string>> {
  const { routes, VISITORS, expected } = await import("#app/auth/route-table");
  const withAction = new Set<string>();
  const cases = Object.entries(routes).flatMap(([file, row]) =>
    VISITORS.flatMap((visitor) => (["GET", "POST"] as const).map((method) => ({ file, row, visitor, method }))),
  );
  await pool(cases, 4, async ({ file, row, visitor, method }) => {
    const who = visitor === "anonymous" ? undefined : takeSession(p, visitor);
    const answer = await probe.send(row.path, {
      method,
      cookie: who?.cookie,
      form: method === "POST" ? { csrf: who?.csrf ?? "" } : undefined,
    });
    const name = `${method} ${row.path} as ${visitor} (${file})`;
    // 405: no loader or action, so nothing ran; Remix refused it for everyone.
    if (answer.status === 405) return void probe.record("matrix", name, "allowed", "allowed");
    if (method === "POST") withAction.add(file);
    const want = expected(row.access, visitor, method);
    // A route answering 404 for a made-up id (cand_missing) has let the visitor through to the lookup.
    probe.record("matrix", name, want, kindOf(answer) === "404" ? "allowed" : answer);
  });
  return withAction;
}

async function apiKeys(probe: Prober, p: Prepared): Promise<void> {
  const { routes } = await import("#app/auth/route-table");
  const api = Object.entries(routes).filter(([file]) => /^api\..*\.ts$/.test(file));
  if (api.length === 0) throw new Error("no api.*.ts route in the table");
  const credential = JSON.parse(p.credentialTexts[0] as string);
  const bodies: Record<string, unknown> = {
    "/api/submissions": {
      candidate: { name: "Api Probe", email: "api-probe@stress.test" },
      consent: true,
      items: [{ text: "{}" }],
    },
    "/api/credentials/verify": { verifiableCredential: credential },
    "/api/presentations/verify": {
      verifiablePresentation: {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        type: ["VerifiablePresentation"],
      },
    },
  };
  const admin = takeSession(p, "admin");
  const valid = p.apiKeys.valid;
  const variants: Array<[string, Record<string, string>, string?]> = [
    ["no key", {}],
    ["a wrong key", { authorization: `Bearer attest_${randomBytes(32).toString("base64url")}` }],
    ["a garbage key", { authorization: "Bearer not-a-key" }],
    ["a revoked key", { authorization: `Bearer ${p.apiKeys.revoked}` }],
    ["the valid key with a character added", { authorization: `Bearer ${valid}x` }],
    ["the valid key cut short", { authorization: `Bearer ${valid.slice(0, -1)}` }],
    ["the valid key as Basic credentials", { authorization: `Basic ${Buffer.from(`${valid}:`).toString("base64")}` }],
    ["the valid key without the Bearer scheme", { authorization: valid }],
    ["the valid key in X-API-Key", { "x-api-key": valid }],
    ["the valid key in the query string", {}, `?api_key=${encodeURIComponent(valid)}`],
    ["an admin's session cookie and CSRF token instead of a key", { cookie: admin.cookie, "x-csrf-token": admin.csrf }],
    ["an empty Bearer", { authorization: "Bearer " }],
    ["two keys, a valid one second", { authorization: `Bearer nope, Bearer ${valid}` }],
  ];
  for (const [file, row] of api) {
    const body = bodies[row.path];
    if (body === undefined) throw new Error(`no request body for ${row.path}: add one to the access scenario`);
    for (const [label, headers, query] of variants) {
      const answer = await probe.send(`${row.path}${query ?? ""}`, { method: "POST", headers, json: body });
      probe.record("api", `POST ${row.path} with ${label} (${file})`, "401", answer);
    }
    const answer = await probe.send(row.path, {
      method: "POST",
      headers: { authorization: `Bearer ${valid}` },
      json: body,
    });
    probe.record("api", `POST ${row.path} with the valid key (control)`, "allowed", answer);
    const lower = await probe.send(row.path, {
      method: "POST",
      headers: { authorization: `bearer ${valid}` },
      json: body,
    });
    probe.record("api", `POST ${row.path} with the valid key, scheme in lower case (control)`, "allowed", lower);
  }
}

async function signIn(probe: Prober, email: string, cookie?: string, headers: Record<string, string> = {}) {
  return probe.send("/sign-in", {
    method: "POST",
    cookie,
    headers,
    form: { email, password: PASSWORD, redirectTo: "/account" },
  });
}

async function fixation(probe: Prober, p: Prepared): Promise<void> {
  const planted: Array<[string, string]> = [
    ["another user's live session", takeSession(p, "recruiter").cookie],
    ["a forged unsigned token", `attest_session=${randomBytes(32).toString("base64url")}`],
  ];
  const victim = p.users.victim.email;
  // The victim's own earlier session, planted (e.g. copied from a shared machine): sign-in must not keep it either.
  const own = await signIn(probe, victim);
  if (!own.setCookie) throw new Error(`sign-in failed: ${own.status} ${own.body.slice(0, 200)}`);
  planted.push(["the victim's own earlier session", own.setCookie.split(";")[0] as string]);
  for (const [label, cookie] of planted) {
    const answer = await signIn(probe, victim, cookie);
    const fresh = answer.setCookie.split(";")[0] ?? "";
    probe.record(
      "fixation",
      `sign-in carrying ${label} sets a new cookie`,
      "refused",
      fresh && fresh !== cookie ? "refused" : "allowed",
    );
    const old = await probe.send("/account", { cookie });
    probe.record("fixation", `${label}, planted before sign-in, opens nothing afterwards`, "sent to sign in", old);
    const now = await probe.send("/account", { cookie: fresh });
    const isVictim = now.status === 200 && now.body.includes(victim);
    probe.record(
      "fixation",
      `the cookie set by sign-in is the victim's (control)`,
      "allowed",
      isVictim ? now : `not the victim (${now.status})`,
    );
  }
  for (const [label, cookie] of Object.entries(p.forged)) {
    probe.record(
      "forged-cookie",
      `GET /account with ${label}`,
      "sent to sign in",
      await probe.send("/account", { cookie }),
    );
    probe.record(
      "forged-cookie",
      `GET /admin/users with ${label}`,
      "sent to sign in",
      await probe.send("/admin/users", { cookie }),
    );
    probe.record(
      "forged-cookie",
      `GET /search/export with ${label}`,
      "401",
      await probe.send("/search/export", { cookie }),
    );
  }
  // The sign-in form refuses a foreign Origin with a 403 and sets no cookie: as a data request (Attest's own
  // check) and as the document request a cross-site form would send (app/server/same-origin.ts).
  for (const [label, path] of [
    ["data", `/sign-in?_data=${encodeURIComponent("routes/sign-in")}`],
    ["document", "/sign-in"],
  ]) {
    const answer = await probe.send(path, {
      method: "POST",
      headers: { origin: "http://evil.example" },
      form: { email: victim, password: PASSWORD, redirectTo: "/account" },
    });
    probe.record(
      "csrf",
      `POST /sign-in (${label} request) with a foreign Origin`,
      "403",
      answer.setCookie ? `allowed (set a cookie, ${answer.status})` : answer,
    );
  }
}

async function expiry(probe: Prober, p: Prepared): Promise<void> {
  const cases: Array<[string, Session, Expect]> = [
    ["a session idle for 13 hours", p.expired.idle, "sent to sign in"],
    ["a session past its 7-day absolute expiry, seen a minute ago", p.expired.absolute, "sent to sign in"],
    ["a deactivated user's session", p.expired.deactivated, "sent to sign in"],
    ["a session idle for 11 hours (control)", p.expired.almostIdle, "allowed"],
  ];
  for (const [label, session, expect] of cases) {
    probe.record(
      "expiry",
      `GET /search with ${label}`,
      expect,
      await probe.send("/search", { cookie: session.cookie }),
    );
    if (expect !== "allowed") {
      probe.record(
        "expiry",
        `GET /skills/suggest with ${label}`,
        "401",
        await probe.send("/skills/suggest?prefix=py", { cookie: session.cookie }),
      );
      // The expired session's own CSRF token does not revive it.
      const post = await probe.send("/account", { cookie: session.cookie, form: { csrf: session.csrf } });
      probe.record("expiry", `POST /account with ${label} and its token`, "sent to sign in", post);
    }
  }
  // Signed out: the cookie is dead even if the browser kept it.
  const session = takeSession(p, "recruiter");
  const out = await probe.send("/sign-out", { cookie: session.cookie, form: { csrf: session.csrf } });
  probe.record("expiry", "POST /sign-out with the token (control)", "allowed", out);
  probe.record(
    "expiry",
    "GET /search with a signed-out session's cookie",
    "sent to sign in",
    await probe.send("/search", { cookie: session.cookie }),
  );
}

async function csrf(probe: Prober, p: Prepared, withAction: Set<string>): Promise<void> {
  const { routes } = await import("#app/auth/route-table");
  const other = takeSession(p, "admin");
  const staffPosts = Object.entries(routes).filter(
    ([file, row]) =>
      withAction.has(file) && (row.access.kind === "page" || row.access.kind === "resource" || file === "sign-out.ts"),
  );
  for (const [file, row] of staffPosts) {
    const role: Role = row.access.kind === "page" || row.access.kind === "resource" ? row.access.minimum : "recruiter";
    const own = takeSession(p, role);
    const variants: Array<
      [string, { form?: Record<string, string>; headers?: Record<string, string>; json?: unknown }]
    > = [
      ["without a token", { form: { intent: "create", name: "csrf probe" } }],
      ["with an empty token", { form: { csrf: "" } }],
      ["with another session's token", { form: { csrf: other.csrf } }],
      ["with another session's token in X-CSRF-Token", { headers: { "x-csrf-token": other.csrf }, form: {} }],
      ["with its own token as JSON (not a form)", { json: { csrf: own.csrf } }],
      ["with its own token cut short", { form: { csrf: own.csrf.slice(0, -1) } }],
    ];
    for (const [label, init] of variants) {
      const answer = await probe.send(row.path, { method: "POST", cookie: own.cookie, ...init });
      probe.record("csrf", `POST ${row.path} as ${role} ${label} (${file})`, "403", answer);
    }
  }
}

async function submitForm(probe: Prober, invitationToken: string, name: string, email: string, text: string) {
  const form = new FormData();
  form.set("name", name);
  form.set("email", email);
  form.set("consent", "on");
  form.set("credential", text);
  return probe.send(`/submit/${invitationToken}?_data=${encodeURIComponent("routes/submit.$token")}`, {
    method: "POST",
    body: form,
  });
}

function randomWord(): string {
  return Array.from(randomBytes(10), (b) => "bcdfghjklmnpqrstvwxz"[b % 20]).join("");
}

async function findInSearch(probe: Prober, cookie: string, word: string): Promise<string | null> {
  const page = await probe.send(`/search?q=${word}`, { cookie });
  return candidateIdInSearchPage(page.body, word);
}

async function waitForSearch(probe: Prober, cookie: string, word: string, present: boolean): Promise<string | null> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const id = await findInSearch(probe, cookie, word);
    if ((id !== null) === present || Date.now() > deadline) return id;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function submissions(probe: Prober, p: Prepared, findings: string[], mail: MailCatcher): Promise<void> {
  const inv = p.invitations;
  for (const [label, token] of [
    ["a closed invitation", inv.closed],
    ["an expired invitation", inv.expired],
    ["an unknown invitation", randomBytes(18).toString("base64url")],
    [
      "an open invitation's token with one character changed",
      inv.open1.slice(0, -1) + (inv.open1.endsWith("A") ? "B" : "A"),
    ],
    ["an open invitation's token cut short", inv.open1.slice(0, -2)],
  ] as const) {
    probe.record("invitation", `GET /submit/… for ${label}`, "404", await probe.send(`/submit/${token}`));
    const answer = await submitForm(
      probe,
      token,
      "Closed Probe",
      "closed-probe@stress.test",
      p.credentialTexts[0] as string,
    );
    probe.record("invitation", `POST /submit/… for ${label}`, "404", answer);
  }
  probe.record(
    "invitation",
    "GET /submit/… for an open invitation (control)",
    "allowed",
    await probe.send(`/submit/${inv.open1}`),
  );

  // Two candidates through two invitations.
  const recruiter = takeSession(p, "recruiter");
  const a = { word: randomWord(), email: `a-${randomWord()}@stress.test` };
  const b = { word: randomWord(), email: `b-${randomWord()}@stress.test` };
  const sentA = await submitForm(probe, inv.open1, `Ada ${a.word}`, a.email, p.credentialTexts[0] as string);
  // B submits the very credential A did (kept for each, issue 4): B's receipt must still show nothing of A.
  const sentB = await submitForm(probe, inv.open2, `Bo ${b.word}`, b.email, p.credentialTexts[0] as string);
  const withdrawA = JSON.parse(sentA.body)?.withdrawPath as string | undefined;
  const withdrawB = JSON.parse(sentB.body)?.withdrawPath as string | undefined;
  if (!withdrawA || !withdrawB)
    throw new Error(`submissions gave no withdrawal link: ${sentA.body.slice(0, 300)} / ${sentB.body.slice(0, 300)}`);
  probe.record(
    "submission",
    "B's receipt names nothing of A's",
    "refused",
    sentB.body.includes(a.word) || sentB.body.includes(a.email) ? "allowed" : "refused",
  );
  // Each confirms their address through the mailed link, so their submission joins search (decision 011).
  for (const email of [a.email, b.email]) {
    probe.record(
      "submission",
      "a candidate confirms their address by mail (control)",
      "allowed",
      (await confirmByMail({ probe, mail }, email)) ? "allowed" : "not confirmed",
    );
  }
  const idA = await waitForSearch(probe, recruiter.cookie, a.word, true);
  const idB = await waitForSearch(probe, recruiter.cookie, b.word, true);
  probe.record("withdrawn", "search finds A before the withdrawal (control)", "allowed", idA ? "allowed" : "not found");
  probe.record("withdrawn", "search finds B (control)", "allowed", idB ? "allowed" : "not found");
  const tokenA = withdrawA.slice("/withdraw/".length);
  const tokenB = withdrawB.slice("/withdraw/".length);
  const { createHash } = await import("node:crypto");
  for (const [label, token] of [
    ["A's token with one character changed", tokenA.slice(0, -1) + (tokenA.endsWith("A") ? "B" : "A")],
    ["A's token cut short", tokenA.slice(0, -1)],
    ["A's token with a character added", `${tokenA}A`],
    ["A's token upper-cased", tokenA.toUpperCase() === tokenA ? tokenA.toLowerCase() : tokenA.toUpperCase()],
    ["B's candidate id", idB ?? "cand_none"],
    ["the stored hash of B's token", createHash("sha256").update(tokenB).digest("hex")],
    ["B's token percent-encoded with a path segment", `..%2F${tokenB}`],
    ["an empty token", "%20"],
  ] as const) {
    probe.record("submission", `GET /withdraw/… with ${label}`, "404", await probe.send(`/withdraw/${token}`));
    probe.record(
      "submission",
      `POST /withdraw/… with ${label}`,
      "404",
      await probe.send(`/withdraw/${token}`, { method: "POST", form: {} }),
    );
  }
  const pageA = await probe.send(withdrawA);
  probe.record(
    "submission",
    "A's withdrawal page names A, not B (control)",
    "allowed",
    pageA.body.includes(a.word) && !pageA.body.includes(b.word) ? pageA : `wrong page (${pageA.status})`,
  );

  // A withdraws.
  const done = await probe.send(`${withdrawA}?_data=${encodeURIComponent("routes/withdraw.$token")}`, {
    method: "POST",
    form: {},
  });
  probe.record(
    "withdrawn",
    "A withdraws with A's link (control)",
    "allowed",
    done.status === 200 ? done : `failed (${done.status})`,
  );
  if (idA)
    probe.record(
      "withdrawn",
      "GET /candidates/<A> as a recruiter after the withdrawal",
      "404",
      await probe.send(`/candidates/${idA}`, { cookie: recruiter.cookie }),
    );
  probe.record("withdrawn", "GET A's withdrawal link again", "404", await probe.send(withdrawA));
  probe.record(
    "withdrawn",
    "POST A's withdrawal link again",
    "404",
    await probe.send(withdrawA, { method: "POST", form: {} }),
  );
  const stillA = await waitForSearch(probe, recruiter.cookie, a.word, false);
  probe.record("withdrawn", "search for A's name after the withdrawal", "refused", stillA ? "allowed" : "refused");
  const csv = await probe.send(`/search/export?q=${a.word}`, { cookie: recruiter.cookie });
  probe.record(
    "withdrawn",
    "search CSV export for A's name after the withdrawal",
    "refused",
    csv.status === 200 && csv.body.includes(a.word) ? "allowed" : "refused",
  );
  if (idB)
    probe.record(
      "withdrawn",
      "B's candidate page still opens (control)",
      "allowed",
      await probe.send(`/candidates/${idB}`, { cookie: recruiter.cookie }),
    );
  probe.record("withdrawn", "B's withdrawal link still works (control)", "allowed", await probe.send(withdrawB));

  // Someone else's email through the form, the API and a wallet: access-identity.ts (takeovers=N).
  void findings;
}
