import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { invitations } from "./submissions";

/**
 * An OpenID4VP presentation request (docs/decisions/045-openid4vp.md): staff, or a candidate on an invitation
 * page, ask a wallet for credentials with a DCQL query. The wallet fetches the signed request object by reference
 * (`/openid4vp/requests/<id>`) and answers once at `/openid4vp/responses/<id>`.
 */
export const presentationRequests = pgTable(
  "presentation_requests",
  {
    id: text("id").primaryKey(),
    /** The nonce every key-binding JWT and presentation proof must carry. */
    nonce: text("nonce").notNull(),
    /** Which template made the query, and its words for staff ("Any Open Badge"). */
    template: jsonb("template").$type<{ kind: string; label: string }>().notNull(),
    dcqlQuery: jsonb("dcql_query").$type<Record<string, unknown>>().notNull(),
    candidateName: text("candidate_name").notNull(),
    candidateEmail: text("candidate_email").notNull(),
    invitationId: text("invitation_id").references(() => invitations.id, { onDelete: "set null" }),
    /** The staff member who asked, when staff did. */
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** When a wallet first fetched the request object, and the response mode it was given. */
    fetchedAt: timestamp("fetched_at", { withTimezone: true }),
    responseMode: text("response_mode"),
    /** The private half of the key a `direct_post.jwt` answer is encrypted to (one per request). */
    encryptionKey: jsonb("encryption_key").$type<Record<string, unknown>>(),
    /** Set once, by the one answer a request accepts (single use). */
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    /** "verified" or "refused", once the answer was checked. */
    outcome: text("outcome"),
    /** The sentence shown to staff and sent to the wallet when the answer was refused. */
    refusal: text("refusal"),
    /** What the answer yielded, credential by credential, once verified. */
    result: jsonb("result"),
    candidateId: text("candidate_id"),
    submissionId: text("submission_id"),
  },
  (table) => [index("presentation_requests_created_at_idx").on(table.createdAt)],
);

export type PresentationRequest = typeof presentationRequests.$inferSelect;
