import { createHash, randomBytes, randomUUID } from "node:crypto";
import { json } from "@remix-run/node";
import type { Database } from "#db/client.server";
import { findActiveApiKey, insertApiKey } from "#db/queries/api-keys.server";

const PREFIX = "attest_";

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** Creates a key; the returned secret is shown once and never stored. */
export async function createApiKey(db: Database, name: string): Promise<{ id: string; secret: string }> {
  const secret = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  const id = `key_${randomUUID()}`;
  await insertApiKey(db, { id, name, keyHash: hashKey(secret) });
  return { id, secret };
}

/**
 * The API key from `Authorization: Bearer …`, or a thrown 401 JSON response that says what is wrong.
 * Nothing about whether a key ever existed leaks: every bad key gets the same answer.
 */
export async function requireApiKey(request: Request, db: Database, now: Date) {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    throw json(
      { error: "unauthorized", message: "Send an API key as 'Authorization: Bearer attest_…'." },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="attest"' } },
    );
  }
  const key = match[1].startsWith(PREFIX) ? await findActiveApiKey(db, hashKey(match[1]), now) : null;
  if (!key) {
    throw json(
      { error: "unauthorized", message: "The API key is not valid, or has been revoked." },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="attest", error="invalid_token"' } },
    );
  }
  return key;
}
