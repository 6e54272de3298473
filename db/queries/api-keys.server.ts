import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../client.server";
import { apiKeys } from "../schema/index";

export async function insertApiKey(db: Database, key: { id: string; name: string; keyHash: string }) {
  await db.insert(apiKeys).values(key);
}

/** The active key with this hash, or null; marks it used. */
export async function findActiveApiKey(db: Database, keyHash: string, now: Date) {
  const [key] = await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, name: apiKeys.name });
  return key ?? null;
}

export async function revokeApiKey(db: Database, id: string, now: Date): Promise<boolean> {
  const rows = await db.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, id)).returning({ id: apiKeys.id });
  return rows.length > 0;
}

export async function listApiKeys(db: Database) {
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys);
}
