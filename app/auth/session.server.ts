/**
 * Staff sessions: a random token in a signed, HTTP-only, SameSite=Lax cookie; the database keeps only its sha256
 * (the session id), with an idle and an absolute expiry. See docs/decisions/008-staff-sessions.md.
 */
import { createHash, randomBytes } from "node:crypto";
import { createCookie, json, redirect, type Cookie } from "@remix-run/node";
import type { Database } from "#db/client.server";
import { getSetting } from "#db/queries/settings.server";
import { settings } from "#db/schema/index";
import { deleteStaffSession, getStaffSession, insertStaffSession, touchStaffSession } from "#db/queries/staff.server";
import { checkCsrf } from "./csrf.server";
import { canAccess, isRole, type Role } from "./roles";

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so a page view is not always a database write. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;
const COOKIE_SECRET = "auth.cookie-secret";

export interface AuthDeps {
  db: Database;
  now: () => Date;
}

/** The signed-in staff member behind a request. */
export interface StaffIdentity {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionId: string;
  csrfToken: string;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

// The signing secret is generated on first use and kept in the database, so every process of one installation
// (app, CLI, tests) agrees on it without an operator having to set one.
const cookies = new WeakMap<Database, Promise<Cookie>>();
function sessionCookie(db: Database): Promise<Cookie> {
  let cookie = cookies.get(db);
  if (!cookie) {
    cookie = (async () => {
      await db
        .insert(settings)
        .values({ key: COOKIE_SECRET, value: randomBytes(32).toString("base64url") })
        .onConflictDoNothing();
      const secret = await getSetting<string>(db, COOKIE_SECRET);
      return createCookie("attest_session", {
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        secrets: [secret!],
        maxAge: SESSION_ABSOLUTE_MS / 1000,
      });
    })();
    cookie.catch(() => cookies.delete(db));
    cookies.set(db, cookie);
  }
  return cookie;
}

const isHttps = (request: Request) => new URL(request.url).protocol === "https:";

/** Starts a session for a user and returns the Set-Cookie header; the caller has checked the password. */
export async function createStaffSession(deps: AuthDeps, request: Request, userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = deps.now();
  await insertStaffSession(deps.db, {
    id: sha256(token),
    userId,
    csrfToken: randomBytes(24).toString("base64url"),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
  });
  return (await sessionCookie(deps.db)).serialize(token, { secure: isHttps(request) });
}

/** The session id (the hash of the cookie's token) a request carries, valid or not; null without a good signature. */
export async function readSessionId(deps: AuthDeps, request: Request): Promise<string | null> {
  const header = request.headers.get("cookie");
  if (!header?.includes("attest_session=")) return null;
  const token: unknown = await (await sessionCookie(deps.db)).parse(header);
  return typeof token === "string" && token ? sha256(token) : null;
}

/** Ends the request's session (if any) and returns the Set-Cookie header that clears the cookie. */
export async function endStaffSession(deps: AuthDeps, request: Request): Promise<string> {
  const id = await readSessionId(deps, request);
  if (id) await deleteStaffSession(deps.db, id);
  return (await sessionCookie(deps.db)).serialize("", { maxAge: 0, expires: new Date(0), secure: isHttps(request) });
}

/** The signed-in staff member, or null: no cookie, a bad signature, an expired session or a deactivated user. */
export async function getStaffUser(request: Request, deps: AuthDeps): Promise<StaffIdentity | null> {
  const id = await readSessionId(deps, request);
  if (!id) return null;
  const found = await getStaffSession(deps.db, id);
  if (!found) return null;
  const { session, user } = found;
  const now = deps.now().getTime();
  const expired = now >= session.expiresAt.getTime() || now - session.lastSeenAt.getTime() >= SESSION_IDLE_MS;
  if (expired || user.deactivatedAt || !isRole(user.role)) {
    await deleteStaffSession(deps.db, id);
    return null;
  }
  if (now - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await touchStaffSession(deps.db, id, deps.now());
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    sessionId: id,
    csrfToken: session.csrfToken,
  };
}

export interface RequireOptions {
  /**
   * "page" (default): a signed-out visitor is redirected to /sign-in and comes back afterwards.
   * "resource": JSON and CSV endpoints answer 401 / 403 with a JSON body instead.
   */
  as?: "page" | "resource";
}

/**
 * The signed-in staff member if their role is at least `minimum`; otherwise a thrown redirect to the sign-in page,
 * or a 401 / 403. On any method but GET and HEAD the form's CSRF token is checked too, so an action that
 * authorises through this function cannot forget it.
 */
export async function requireStaffUser(
  request: Request,
  deps: AuthDeps,
  minimum: Role,
  options: RequireOptions = {},
): Promise<StaffIdentity> {
  const resource = options.as === "resource";
  const user = await getStaffUser(request, deps);
  if (!user) {
    if (resource) throw json({ error: "unauthorized", message: "Sign in to use this." }, { status: 401 });
    const url = new URL(request.url);
    throw redirect(`/sign-in?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  if (!canAccess(user.role, minimum)) {
    const message = `Your role (${user.role}) cannot open this; it needs ${minimum}. Ask an admin if you need it.`;
    if (resource) throw json({ error: "forbidden", message }, { status: 403 });
    throw new Response(message, { status: 403, statusText: "Forbidden" });
  }
  if (request.method !== "GET" && request.method !== "HEAD") await checkCsrf(request, user.csrfToken);
  return user;
}
