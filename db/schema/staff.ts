import { boolean, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Employer staff who sign in. Candidates never have an account: they use invitation and withdrawal links. */
export const staffUsers = pgTable("staff_users", {
  id: text("id").primaryKey(),
  /** Lower-cased on the way in, so sign-in is case-insensitive and one person has one account. */
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  /** "recruiter" | "verifier" | "admin" (app/auth/roles.ts). */
  role: text("role").notNull(),
  /** scrypt with its salt and cost parameters encoded in the string; null until an invited user sets one. */
  passwordHash: text("password_hash"),
  /** sha256 of the one-time set-password link's token (invitations and resets); the token is shown once. */
  setPasswordTokenHash: text("set_password_token_hash").unique(),
  setPasswordExpiresAt: timestamp("set_password_expires_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
});

export type StaffUser = typeof staffUsers.$inferSelect;

/** Signed-in browser sessions. The id is the sha256 of the cookie's random token, so a database leak signs no one in. */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    /** Rendered into every staff form and checked on every staff POST. */
    csrfToken: text("csrf_token").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** The absolute end of the session; the idle limit is checked against last_seen_at. */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("staff_sessions_user_idx").on(table.userId)],
);

export type StaffSession = typeof staffSessions.$inferSelect;

/** Sign-in attempts, for the rate limit per email and per client address. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    /** HMAC of the client address under an installation secret (app/auth/client-address.server.ts): enough to rate-limit, not enough to identify. */
    clientHash: text("client_hash").notNull(),
    succeeded: boolean("succeeded").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("login_attempts_email_idx").on(table.email, table.createdAt),
    index("login_attempts_client_idx").on(table.clientHash, table.createdAt),
  ],
);
