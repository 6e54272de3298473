import { customType, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { credentials } from "./credentials";

/** bytea as a Buffer on both drivers (postgres.js hands back a Buffer, PGlite a Uint8Array). */
const bytes = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => value,
  fromDriver: (value) => Buffer.from(value),
});

/**
 * The badge image a credential points at by URL, fetched once through the safe fetcher and kept here, so staff
 * browsers never load a URL a candidate chose (decision 065). A refusal is kept too (no bytes, its reason), so a
 * dead or hostile host is asked again only after a while. One row per credential: erasing the credential erases it.
 */
export const credentialImages = pgTable("credential_images", {
  credentialId: text("credential_id")
    .primaryKey()
    .references(() => credentials.id, { onDelete: "cascade" }),
  sourceUrl: text("source_url").notNull(),
  /** Sniffed from the bytes, never taken from the server's Content-Type. Null when refused. */
  mediaType: text("media_type"),
  bytes: bytes("bytes"),
  /** Why it is not shown (a safe-fetch refusal code or an image refusal); null when it is. */
  refusal: text("refusal"),
  fetchedAt: timestamp("fetched_at", { withTimezone: true }).notNull(),
});

export type CredentialImage = typeof credentialImages.$inferSelect;
