import { and, asc, count, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import { auditEvents, loginAttempts, staffSessions, staffUsers, type StaffUser } from "../schema/index";

export async function insertStaffUser(db: Database, user: typeof staffUsers.$inferInsert) {
  await db.insert(staffUsers).values(user);
}

export async function getStaffUserByEmail(db: Database, email: string): Promise<StaffUser | null> {
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.email, email));
  return user ?? null;
}

export async function getStaffUserById(db: Database, id: string): Promise<StaffUser | null> {
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.id, id));
  return user ?? null;
}

export async function listStaffUsers(db: Database) {
  return db
    .select({
      id: staffUsers.id,
      email: staffUsers.email,
      name: staffUsers.name,
      role: staffUsers.role,
      hasPassword: staffUsers.passwordHash,
      createdAt: staffUsers.createdAt,
      deactivatedAt: staffUsers.deactivatedAt,
      // From the audit trail's sign-in entries (indexed by action and time): no column to keep in step.
      lastSignInAt: sql<
        string | null
      >`(select max(a.at) from ${auditEvents} a where a.action = 'sign-in' and a.actor_id = "staff_users"."id")`,
    })
    .from(staffUsers)
    .orderBy(asc(staffUsers.email))
    .then((rows) =>
      rows.map(({ hasPassword, lastSignInAt, ...row }) => ({
        ...row,
        hasPassword: hasPassword !== null,
        lastSignInAt: lastSignInAt ? new Date(lastSignInAt) : null,
      })),
    );
}

export async function countActiveStaffUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(staffUsers).where(isNull(staffUsers.deactivatedAt));
  return Number(row?.n ?? 0);
}

export async function updateStaffUser(db: Database, id: string, set: Partial<typeof staffUsers.$inferInsert>) {
  const rows = await db.update(staffUsers).set(set).where(eq(staffUsers.id, id)).returning({ id: staffUsers.id });
  return rows.length > 0;
}

export async function getStaffUserBySetPasswordHash(db: Database, tokenHash: string, now: Date) {
  const [user] = await db
    .select()
    .from(staffUsers)
    .where(
      and(
        eq(staffUsers.setPasswordTokenHash, tokenHash),
        gt(staffUsers.setPasswordExpiresAt, now),
        isNull(staffUsers.deactivatedAt),
      ),
    );
  return user ?? null;
}

export async function insertStaffSession(db: Database, session: typeof staffSessions.$inferInsert) {
  await db.insert(staffSessions).values(session);
}

/** The session with this id and its user, whatever their state; the caller decides whether it is still valid. */
export async function getStaffSession(db: Database, id: string) {
  const [row] = await db
    .select({ session: staffSessions, user: staffUsers })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
    .where(eq(staffSessions.id, id));
  return row ?? null;
}

export async function touchStaffSession(db: Database, id: string, now: Date) {
  await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.id, id));
}

export async function deleteStaffSession(db: Database, id: string) {
  await db.delete(staffSessions).where(eq(staffSessions.id, id));
}

/** Deletes every session of a user, except `keepId` when given (the one that just changed the password). */
export async function deleteStaffSessionsOfUser(db: Database, userId: string, keepId?: string) {
  await db
    .delete(staffSessions)
    .where(
      keepId ? and(eq(staffSessions.userId, userId), ne(staffSessions.id, keepId)) : eq(staffSessions.userId, userId),
    );
}

export async function insertLoginAttempt(db: Database, attempt: typeof loginAttempts.$inferInsert) {
  await db.insert(loginAttempts).values(attempt);
}

export async function markLoginAttemptSucceeded(db: Database, id: string) {
  await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, id));
}

export async function countFailedLoginsSince(
  db: Database,
  where: { email: string } | { clientHash: string },
  since: Date,
): Promise<number> {
  const match =
    "email" in where ? eq(loginAttempts.email, where.email) : eq(loginAttempts.clientHash, where.clientHash);
  const [row] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(match, eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, since)));
  return Number(row?.n ?? 0);
}

/** Deletes accounts outright (their sessions follow by cascade): only for the demo accounts, which are no one's. */
export async function deleteStaffUsersByEmail(db: Database, emails: string[]): Promise<number> {
  let deleted = 0;
  for (const email of emails)
    deleted += (await db.delete(staffUsers).where(eq(staffUsers.email, email)).returning({ id: staffUsers.id })).length;
  return deleted;
}

/** How many of these accounts exist and are active. */
export async function countActiveStaffByEmail(db: Database, emails: string[]): Promise<number> {
  let active = 0;
  for (const email of emails) {
    const user = await getStaffUserByEmail(db, email);
    if (user && !user.deactivatedAt) active++;
  }
  return active;
}
