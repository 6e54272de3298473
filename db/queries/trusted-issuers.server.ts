import { asc, inArray, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import { credentials, trustedIssuers } from "../schema/index";
import { enqueueCandidateIndexing } from "./search-outbox.server";

export interface TrustedIssuerInput {
  issuerId: string;
  name: string;
  url?: string;
  location?: string;
  registry: string;
}

export async function listTrustedIssuers(db: Database) {
  return db.select().from(trustedIssuers).orderBy(asc(trustedIssuers.name));
}

/**
 * Adds or updates registry entries, and queues re-indexing of every candidate holding a credential from those
 * issuers, in the same transaction: "trusted issuers only" searches change with the registry.
 */
export async function upsertTrustedIssuers(db: Database, entries: TrustedIssuerInput[]): Promise<number> {
  if (entries.length === 0) return 0;
  return db.transaction(async (tx) => {
    for (const entry of entries) {
      const values = { name: entry.name, url: entry.url ?? null, location: entry.location ?? null, registry: entry.registry };
      await tx
        .insert(trustedIssuers)
        .values({ issuerId: entry.issuerId, ...values })
        .onConflictDoUpdate({ target: trustedIssuers.issuerId, set: values });
    }
    const affected = await tx
      .selectDistinct({ candidateId: credentials.candidateId })
      .from(credentials)
      .where(inArray(credentials.issuerId, entries.map((e) => e.issuerId)));
    await enqueueCandidateIndexing(tx, affected.map((a) => a.candidateId));
    return entries.length;
  });
}

export async function countTrustedIssuers(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(trustedIssuers);
  return row?.n ?? 0;
}
