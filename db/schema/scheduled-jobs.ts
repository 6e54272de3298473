import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The schedule of the periodic background jobs (re-checks, retention), kept in the database so that every app
 * instance shares it: an instance runs a job only after claiming it here (next_due_at moves forward in the same
 * UPDATE), so a job runs once across instances, and a restart neither resets nor repeats it.
 */
export const scheduledJobs = pgTable("scheduled_jobs", {
  name: text("name").primaryKey(),
  intervalSeconds: integer("interval_seconds").notNull(),
  nextDueAt: timestamp("next_due_at", { withTimezone: true }).notNull(),
  lastStartedAt: timestamp("last_started_at", { withTimezone: true }),
  lastFinishedAt: timestamp("last_finished_at", { withTimezone: true }),
  /** "ok: …" or "failed: …", one line. */
  lastOutcome: text("last_outcome"),
  /** How many times the job was claimed since the row was made (the cluster scenario compares it with the clock). */
  runs: integer("runs").notNull().default(0),
});

export type ScheduledJobRow = typeof scheduledJobs.$inferSelect;
