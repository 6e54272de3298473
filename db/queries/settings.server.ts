import { eq } from "drizzle-orm";
import type { Database } from "../client.server";
import { settings } from "../schema/index";

/** The path of the demo invitation link, shown on the home page so a newcomer can try the candidate side. */
export const DEMO_INVITATION = "demo.invitation-path";

/** Set while demo data is loaded (seeded and not cleared); every staff page shows a banner then. */
export const DEMO_SEEDED = "demo.seeded";

export async function isDemoLoaded(db: Database): Promise<boolean> {
  return (await getSetting(db, DEMO_SEEDED)) !== null;
}

export async function getSetting<T>(db: Database, key: string): Promise<T | null> {
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row ? (row.value as T) : null;
}

export async function putSetting(db: Database, key: string, value: unknown): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
}

export async function deleteSettings(db: Database, keys: string[]): Promise<void> {
  for (const key of keys) await db.delete(settings).where(eq(settings.key, key));
}
