import { createHash, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import {
  countFailedLoginsSince,
  deleteStaffSessionsOfUser,
  getStaffUserByEmail,
  getStaffUserById,
  getStaffUserBySetPasswordHash,
  insertLoginAttempt,
  markLoginAttemptSucceeded,
  insertStaffUser,
  updateStaffUser,
} from "#db/queries/staff.server";
import { recordAudit, type AuditActor } from "#app/audit/audit.server";
import { hashClientAddress } from "./client-address.server";
import { checkNewPassword, decoyHash, hashPassword, verifyPassword } from "./passwords.server";
import { ROLES, type Role } from "./roles";
import { createStaffSession, endStaffSession, type AuthDeps } from "./session.server";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
/** How long a one-time set-password link (from an invitation) stays usable. */
export const SET_PASSWORD_LINK_DAYS = 7;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export const newStaffSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address."),
  name: z.string().trim().max(200).optional().default(""),
  role: z.enum(ROLES, { errorMap: () => ({ message: "Choose a role: recruiter, verifier or admin." }) }),
});

export type CreatedStaffUser = { id: string; email: string; role: Role; setPasswordPath: string | null };

/**
 * Creates a staff account. With a password, it can sign in at once; without one, the result carries a one-time
 * set-password link (only its hash is stored) for the admin to pass on.
 */
export async function createStaffUser(
  deps: AuthDeps,
  input: { email: string; name?: string; role: Role; password?: string },
  /** Who invited them, for the audit trail; demo accounts and tests pass none. */
  actor?: AuditActor,
): Promise<{ status: "created"; user: CreatedStaffUser } | { status: "refused"; message: string }> {
  const email = normalizeEmail(input.email);
  if (await getStaffUserByEmail(deps.db, email))
    return { status: "refused", message: `${email} already has an account.` };
  if (input.password !== undefined) {
    const problem = checkNewPassword(input.password);
    if (problem) return { status: "refused", message: problem };
  }
  const token = input.password === undefined ? randomBytes(24).toString("base64url") : null;
  const id = `staff_${randomUUID()}`;
  await insertStaffUser(deps.db, {
    id,
    email,
    name: input.name?.trim() || email.split("@")[0],
    role: input.role,
    passwordHash: input.password === undefined ? null : await hashPassword(input.password),
    setPasswordTokenHash: token ? sha256(token) : null,
    setPasswordExpiresAt: token ? new Date(deps.now().getTime() + SET_PASSWORD_LINK_DAYS * 86_400_000) : null,
    createdAt: deps.now(),
  });
  if (actor) await recordAudit(deps.db, actor, "staff.invite", { type: "staff", id }, { email, role: input.role });
  return {
    status: "created",
    user: { id, email, role: input.role, setPasswordPath: token ? `/set-password/${token}` : null },
  };
}

/** Who a set-password link belongs to, or null when it is unknown, used, expired or the account is deactivated. */
export async function findSetPasswordLink(deps: AuthDeps, token: string) {
  const user = await getStaffUserBySetPasswordHash(deps.db, sha256(token), deps.now());
  return user ? { id: user.id, email: user.email } : null;
}

/** Sets the password through a one-time link, which then stops working; every other session of the user ends. */
export async function setPasswordWithLink(
  deps: AuthDeps,
  token: string,
  password: string,
): Promise<"done" | "unknown-link" | string> {
  const user = await findSetPasswordLink(deps, token);
  if (!user) return "unknown-link";
  const problem = checkNewPassword(password);
  if (problem) return problem;
  await updateStaffUser(deps.db, user.id, {
    passwordHash: await hashPassword(password),
    setPasswordTokenHash: null,
    setPasswordExpiresAt: null,
  });
  await deleteStaffSessionsOfUser(deps.db, user.id);
  return "done";
}

/**
 * Changes the signed-in user's password after checking the current one, and ends their other sessions (a
 * password change is what someone does when they suspect another browser has their session).
 */
export async function changePassword(
  deps: AuthDeps,
  user: { id: string; sessionId: string },
  current: string,
  next: string,
  actor?: AuditActor,
): Promise<{ field: "current" | "next"; message: string } | null> {
  const stored = await getStaffUserById(deps.db, user.id);
  if (!stored?.passwordHash || !(await verifyPassword(current, stored.passwordHash))) {
    return { field: "current", message: "Your current password is not right." };
  }
  const problem = checkNewPassword(next);
  if (problem) return { field: "next", message: problem };
  await updateStaffUser(deps.db, user.id, { passwordHash: await hashPassword(next) });
  await deleteStaffSessionsOfUser(deps.db, user.id, user.sessionId);
  if (actor) await recordAudit(deps.db, actor, "password.change", { type: "staff", id: user.id });
  return null;
}

/** Deactivates an account and ends all its sessions at once. The row stays, so history still names the person. */
export async function deactivateStaffUser(deps: AuthDeps, userId: string, actor?: AuditActor): Promise<boolean> {
  const done = await updateStaffUser(deps.db, userId, { deactivatedAt: deps.now(), setPasswordTokenHash: null });
  await deleteStaffSessionsOfUser(deps.db, userId);
  if (done && actor) await recordAudit(deps.db, actor, "staff.deactivate", { type: "staff", id: userId });
  return done;
}

/** Gives an account another role; its sessions carry on (the role is read from the account on every request). */
export async function changeStaffRole(deps: AuthDeps, userId: string, role: Role, actor: AuditActor): Promise<boolean> {
  const before = await getStaffUserById(deps.db, userId);
  if (!before || before.role === role) return false;
  const done = await updateStaffUser(deps.db, userId, { role });
  if (done)
    await recordAudit(
      deps.db,
      actor,
      "staff.role",
      { type: "staff", id: userId },
      { email: before.email, from: before.role, to: role },
    );
  return done;
}

export interface LoginLimits {
  /** Failed sign-ins for one email, and from one client address, within `windowMs`. */
  perEmail: number;
  perClient: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perEmail: 10, perClient: 30, windowMs: 15 * 60 * 1000 };

export type SignInResult =
  | { status: "signed-in"; setCookie: string }
  | { status: "invalid" }
  | { status: "rate-limited"; retryAfterSeconds: number };

/**
 * Checks an email and password and starts a fresh session. The request's old session (if any) is ended first,
 * so a session id planted before sign-in is never the one that gets signed in (fixation). Failed attempts are
 * counted per email and per client address; past the limit, no password is checked at all.
 *
 * The attempt is written as a failure before it is counted and before the password is hashed, and only turned
 * into a success afterwards: each of N concurrent guesses then counts itself and every guess committed before it,
 * so at most `perEmail` of them ever reach the (slow) password check. Counting first and writing after the hash
 * let 40 concurrent guesses all through.
 */
export async function signIn(
  deps: AuthDeps & { loginLimits?: LoginLimits },
  request: Request,
  input: { email: string; password: string; clientAddress: string },
): Promise<SignInResult> {
  const limits = deps.loginLimits ?? DEFAULT_LOGIN_LIMITS;
  const email = normalizeEmail(input.email);
  const clientHash = await hashClientAddress(deps.db, input.clientAddress);
  const since = new Date(deps.now().getTime() - limits.windowMs);
  const attemptId = `login_${randomUUID()}`;
  await insertLoginAttempt(deps.db, { id: attemptId, email, clientHash, succeeded: false, createdAt: deps.now() });
  const [byEmail, byClient] = await Promise.all([
    countFailedLoginsSince(deps.db, { email }, since),
    countFailedLoginsSince(deps.db, { clientHash }, since),
  ]);
  if (byEmail > limits.perEmail || byClient > limits.perClient) {
    await recordFailedSignIn(deps, input.clientAddress, email, null, "rate-limited");
    return { status: "rate-limited", retryAfterSeconds: Math.ceil(limits.windowMs / 1000) };
  }
  const user = await getStaffUserByEmail(deps.db, email);
  // An unknown email costs the same scrypt as a known one, so timing does not tell which emails have accounts.
  const matches = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
  const ok = Boolean(user && user.passwordHash && matches && !user.deactivatedAt);
  if (!ok || !user) {
    const reason = !user
      ? "unknown-account"
      : !user.passwordHash
        ? "no-password-set"
        : !matches
          ? "wrong-password"
          : "deactivated";
    await recordFailedSignIn(deps, input.clientAddress, email, user?.id ?? null, reason);
    return { status: "invalid" };
  }
  await markLoginAttemptSucceeded(deps.db, attemptId);
  await endStaffSession(deps, request);
  const setCookie = await createStaffSession(deps, request, user.id);
  await recordAudit(deps.db, { id: user.id, label: user.email, from: input.clientAddress }, "sign-in", {
    type: "staff",
    id: user.id,
  });
  return { status: "signed-in", setCookie };
}

/**
 * A failed sign-in names the account that was tried, so an admin can see guessing against it, but only when
 * what was typed is an account's email or looks like one: people type their password into the email field, and
 * the trail must never hold a password. The password itself is never recorded.
 */
async function recordFailedSignIn(
  deps: AuthDeps,
  clientAddress: string,
  typed: string,
  accountId: string | null,
  reason: "rate-limited" | "unknown-account" | "no-password-set" | "wrong-password" | "deactivated",
) {
  const email = accountId || /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/.test(typed) ? typed.slice(0, 320) : null;
  await recordAudit(
    deps.db,
    { id: null, label: "anonymous", from: clientAddress },
    "sign-in.failed",
    { type: "staff", id: accountId },
    { email, reason },
  );
}

/** Any whitespace or control character, or a backslash: browsers drop the first two and read "\\" as "/". */
const UNSAFE_IN_PATH = /[\s\u0000-\u001f\u007f-\u009f\\]/;
const OWN_ORIGIN = "http://attest.invalid";

/**
 * Where to go after signing in: only a path on this site, so the sign-in link cannot send anyone elsewhere.
 * The target is parsed against a stand-in for our own origin, as a browser would, and kept only if it stays there;
 * its path must also hold no whitespace, control character or backslash, at any depth of percent-encoding,
 * since browsers and proxies disagree on which of those they drop, decode or turn into a slash.
 */
export function safeRedirectTo(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > 2000) return fallback;
  let layer = value;
  for (let depth = 0; depth < 4; depth++) {
    const path = layer.split(/[?#]/)[0] ?? "";
    if (UNSAFE_IN_PATH.test(path) || path.startsWith("//")) return fallback;
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return fallback;
    }
    if (decoded === layer) break;
    layer = decoded;
  }
  let url: URL;
  try {
    url = new URL(value, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  const target = url.pathname + url.search + url.hash;
  // "/.//evil.example" parses to the path "//evil.example", which a browser reads as another host.
  if (url.origin !== OWN_ORIGIN || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  return target;
}
