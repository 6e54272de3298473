import { eq, inArray } from "drizzle-orm";
import type { Database } from "../client.server";
import { credentialImages, credentials, type CredentialImage } from "../schema/index";

/** A credential's stored text and its cached image row (if any), in one round trip; null when no such credential. */
export async function getCredentialWithImage(
  db: Database,
  credentialId: string,
): Promise<{ rawText: string; image: CredentialImage | null } | null> {
  const [row] = await db
    .select({ rawText: credentials.rawText, image: credentialImages })
    .from(credentials)
    .leftJoin(credentialImages, eq(credentialImages.credentialId, credentials.id))
    .where(eq(credentials.id, credentialId));
  return row ? { rawText: row.rawText, image: row.image ?? null } : null;
}

/** The stored text of these credentials, for their cards. */
export async function getCredentialTexts(db: Database, credentialIds: string[]): Promise<Map<string, string>> {
  if (credentialIds.length === 0) return new Map();
  const rows = await db
    .select({ id: credentials.id, rawText: credentials.rawText })
    .from(credentials)
    .where(inArray(credentials.id, credentialIds));
  return new Map(rows.map((r) => [r.id, r.rawText]));
}

/** Keeps the latest fetch of a credential's image (bytes or refusal), replacing an earlier one. */
export async function saveCredentialImage(db: Database, row: CredentialImage): Promise<void> {
  const { credentialId: _id, ...update } = row;
  await db
    .insert(credentialImages)
    .values(row)
    .onConflictDoUpdate({ target: credentialImages.credentialId, set: update });
}
