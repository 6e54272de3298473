import { boolean, index, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { StoredReport, StoredVerdict } from "./stored-report";
import { candidates } from "./candidates";

export const credentials = pgTable(
  "credentials",
  {
    id: text("id").primaryKey(),
    candidateId: text("candidate_id")
      .notNull()
      .references(() => candidates.id, { onDelete: "cascade" }),
    /** Exactly as received, for re-verification and audit. */
    rawText: text("raw_text").notNull(),
    /** sha256 of rawText: the same document submitted twice by one candidate is stored once. */
    contentHash: text("content_hash").notNull(),
    /** The credential's own `id`, when it has one: with the issuer, it identifies a re-formatted copy. */
    documentId: text("document_id"),
    /** "paste", "upload:<file name>" or the URL it was fetched from. */
    source: text("source").notNull(),
    format: text("format").notNull(),
    issuerId: text("issuer_id"),
    issuerName: text("issuer_name"),
    achievementName: text("achievement_name"),
    achievementType: text("achievement_type"),
    verdict: text("verdict").$type<StoredVerdict>().notNull(),
    report: jsonb("report").$type<StoredReport>().notNull(),
    verifiedAt: timestamp("verified_at", { withTimezone: true }).notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    /** The public submission (form or wallet) that stored it; a withdrawal link erases exactly these. Null from trusted callers. */
    submissionId: text("submission_id"),
    /**
     * Every identity the credential was checked against when it was submitted (the email given, the DID that
     * signed the presentation), so a re-check compares the same ones (finding 4 of issue 11).
     */
    holderBinding: jsonb("holder_binding").$type<HolderBinding>(),
  },
  (table) => [
    uniqueIndex("credentials_candidate_hash_idx").on(table.candidateId, table.contentHash),
    index("credentials_verdict_idx").on(table.verdict),
    index("credentials_candidate_document_idx").on(table.candidateId, table.documentId),
    // The dashboard: submissions in a recent window, and verified credentials grouped by issuer (index-only).
    index("credentials_submitted_at_idx").on(table.submittedAt),
    index("credentials_verdict_issuer_idx").on(table.verdict, table.issuerId),
    index("credentials_submission_idx").on(table.submissionId),
  ],
);

/** The identities a credential's subject was compared with: see `ExpectedHolder` in app/verification. */
export interface HolderBinding {
  email?: string;
  did?: string;
}

export type Credential = typeof credentials.$inferSelect;
export type NewCredential = typeof credentials.$inferInsert;

/** One row per skill a credential attests; "verified" is derived from the credential's verdict when read. */
export const credentialSkills = pgTable(
  "credential_skills",
  {
    id: serial("id").primaryKey(),
    credentialId: text("credential_id")
      .notNull()
      .references(() => credentials.id, { onDelete: "cascade" }),
    candidateId: text("candidate_id")
      .notNull()
      .references(() => candidates.id, { onDelete: "cascade" }),
    skillKey: text("skill_key").notNull(),
    label: text("label").notNull(),
    /** How the key was made: "code", "url" or "name". */
    mapping: text("mapping").notNull(),
    framework: text("framework"),
    targetUrl: text("target_url"),
    source: text("source").notNull(),
    selfAsserted: boolean("self_asserted").notNull().default(false),
  },
  (table) => [
    index("credential_skills_candidate_idx").on(table.candidateId),
    index("credential_skills_key_idx").on(table.skillKey),
    uniqueIndex("credential_skills_credential_key_idx").on(table.credentialId, table.skillKey),
  ],
);

export type CredentialSkill = typeof credentialSkills.$inferSelect;
export type NewCredentialSkill = typeof credentialSkills.$inferInsert;
