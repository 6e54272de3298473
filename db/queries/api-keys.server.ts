import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import type { Database } from "../client.server";
import { apiKeys } from "../schema/index";

export async function insertApiKey(db: Database, key: typeof apiKeys.$inferInsert) {
  await db.insert(apiKeys).values(key);
}

/** The active key (not revoked, not expired) with this hash, or null; marks it used. */
export async function findActiveApiKey(db: Database, keyHash: string, now: Date) {
  const [key] = await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.keyHash, keyHash),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
      ),
    )
    .returning({ id: apiKeys.id, name: apiKeys.name, scopes: apiKeys.scopes });
  return key ?? null;
}

export async function revokeApiKey(db: Database, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

export async function listApiKeys(db: Database) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt));
}
