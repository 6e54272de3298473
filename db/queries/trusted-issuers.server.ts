import { and, asc, count, eq, gt, inArray, ne, or, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import type { StoredReport } from "../schema/stored-report";
import { credentials, trustedIssuers, type TrustedIssuer } from "../schema/index";
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

/** The registry with how many stored credentials each entry matches (by the credential's own issuer id). */
export async function listTrustedIssuersWithMatches(db: Database): Promise<(TrustedIssuer & { matches: number })[]> {
  return db
    .select({
      issuerId: trustedIssuers.issuerId,
      name: trustedIssuers.name,
      url: trustedIssuers.url,
      location: trustedIssuers.location,
      registry: trustedIssuers.registry,
      addedAt: trustedIssuers.addedAt,
      matches: count(credentials.id),
    })
    .from(trustedIssuers)
    .leftJoin(credentials, eq(credentials.issuerId, trustedIssuers.issuerId))
    .groupBy(trustedIssuers.issuerId)
    .orderBy(asc(trustedIssuers.name), asc(trustedIssuers.issuerId));
}

export async function getTrustedIssuers(db: Database, issuerIds: string[]): Promise<TrustedIssuer[]> {
  if (issuerIds.length === 0) return [];
  return db.select().from(trustedIssuers).where(inArray(trustedIssuers.issuerId, issuerIds));
}

/** Adds or replaces entries; `addedAt` is kept for an entry that already existed. Call inside a transaction. */
export async function putTrustedIssuers(tx: Database, entries: TrustedIssuerInput[], now: Date): Promise<void> {
  for (const entry of entries) {
    const values = {
      name: entry.name,
      url: entry.url ?? null,
      location: entry.location ?? null,
      registry: entry.registry,
    };
    await tx
      .insert(trustedIssuers)
      .values({ issuerId: entry.issuerId, ...values, addedAt: now })
      .onConflictDoUpdate({ target: trustedIssuers.issuerId, set: values });
  }
}

/** Removes one entry; returns it, or null when there was none. */
export async function deleteTrustedIssuer(tx: Database, issuerId: string): Promise<TrustedIssuer | null> {
  const [row] = await tx.delete(trustedIssuers).where(eq(trustedIssuers.issuerId, issuerId)).returning();
  return row ?? null;
}

/**
 * Adds or updates registry entries, and queues re-indexing of every candidate holding a credential from those
 * issuers, in the same transaction: "trusted issuers only" searches change with the registry. Used by the demo
 * seed, before any credential is stored; staff and the CLI go through app/verification/registry-admin.server.ts,
 * which also re-evaluates the stored reports.
 */
export async function upsertTrustedIssuers(db: Database, entries: TrustedIssuerInput[]): Promise<number> {
  if (entries.length === 0) return 0;
  return db.transaction(async (tx) => {
    await putTrustedIssuers(tx, entries, new Date());
    const affected = await tx
      .selectDistinct({ candidateId: credentials.candidateId })
      .from(credentials)
      .where(
        inArray(
          credentials.issuerId,
          entries.map((e) => e.issuerId),
        ),
      );
    await enqueueCandidateIndexing(
      tx,
      affected.map((a) => a.candidateId),
    );
    return entries.length;
  });
}

export async function countTrustedIssuers(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(trustedIssuers);
  return row?.n ?? 0;
}

export interface StoredIssuerView {
  id: string;
  candidateId: string;
  rawText: string;
  report: StoredReport;
  issuerName: string | null;
}

/**
 * One page (by id) of the stored credentials whose issuer check may name one of these issuers: those issued by
 * them, and every container (CLR), whose member credentials carry issuer checks of their own.
 */
export async function listCredentialsNamingIssuers(
  tx: Database,
  issuerIds: string[],
  after: string,
  limit: number,
): Promise<StoredIssuerView[]> {
  if (issuerIds.length === 0) return [];
  return tx
    .select({
      id: credentials.id,
      candidateId: credentials.candidateId,
      rawText: credentials.rawText,
      report: credentials.report,
      issuerName: credentials.issuerName,
    })
    .from(credentials)
    .where(
      and(
        gt(credentials.id, after),
        or(inArray(credentials.issuerId, issuerIds), ne(sql`${credentials.report}->'credentials'`, sql`'[]'::jsonb`)),
      ),
    )
    .orderBy(asc(credentials.id))
    .limit(limit);
}

/** Writes re-evaluated reports and display names in one statement. Call inside a transaction. */
export async function updateCredentialIssuerViews(
  tx: Database,
  rows: { id: string; report: StoredReport; issuerName: string | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  const values = JSON.stringify(rows.map((r) => ({ id: r.id, report: r.report, issuer_name: r.issuerName })));
  await tx.execute(sql`
    UPDATE ${credentials} SET report = v.report, issuer_name = v.issuer_name
    FROM jsonb_to_recordset(${values}::jsonb) AS v(id text, report jsonb, issuer_name text)
    WHERE ${credentials.id} = v.id`);
}
