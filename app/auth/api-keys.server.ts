import { createHash, randomBytes, randomUUID } from "node:crypto";
import { json } from "@remix-run/node";
import { z } from "zod";
import type { Database } from "#db/client.server";
import { findActiveApiKey, insertApiKey, listApiKeys, revokeApiKey } from "#db/queries/api-keys.server";
import { API_KEY_SCOPES, type ApiKeyScope } from "#db/schema/api-keys";
import { recordAudit, type AuditActor } from "#app/audit/audit.server";

export { API_KEY_SCOPES, type ApiKeyScope };

const PREFIX = "attest_";

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** What each scope lets a key do, in the words the admin page and the refusals use. */
export const SCOPE_WORDS: Record<ApiKeyScope, string> = {
  verify: "verify credentials and presentations",
  submit: "submit credentials for candidates",
};

export interface NewApiKey {
  name: string;
  scopes?: ApiKeyScope[];
  expiresAt?: Date | null;
}

/** Creates a key; the returned secret is shown once and never stored. */
export async function createApiKey(
  db: Database,
  name: string,
  options: Omit<NewApiKey, "name"> = {},
): Promise<{ id: string; secret: string }> {
  const secret = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  const id = `key_${randomUUID()}`;
  await insertApiKey(db, {
    id,
    name,
    keyHash: hashKey(secret),
    scopes: options.scopes ?? [...API_KEY_SCOPES],
    expiresAt: options.expiresAt ?? null,
  });
  return { id, secret };
}

export const newApiKeySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the key after what will use it (the ATS, a script).")
    .max(200, "Keep the name under 200 characters."),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, "Choose what the key may do: verify, submit or both."),
  expiresInDays: z.coerce.number().int().min(1, "A key expires after at least one day, or never.").max(3650).nullable(),
});

/** Creates a key for an admin or an operator and records who did it; the secret is returned once. */
export async function issueApiKey(
  deps: { db: Database; now: () => Date },
  actor: AuditActor,
  input: z.infer<typeof newApiKeySchema>,
): Promise<{ id: string; secret: string; expiresAt: Date | null }> {
  const expiresAt = input.expiresInDays ? new Date(deps.now().getTime() + input.expiresInDays * 86_400_000) : null;
  const key = await createApiKey(deps.db, input.name, { scopes: input.scopes, expiresAt });
  await recordAudit(
    deps.db,
    actor,
    "api-key.create",
    { type: "api-key", id: key.id },
    {
      name: input.name,
      scopes: input.scopes,
      expiresAt: expiresAt?.toISOString() ?? null,
    },
  );
  return { ...key, expiresAt };
}

/** Revokes a key at once and records who did it; false when there is no such key. */
export async function withdrawApiKey(
  deps: { db: Database; now: () => Date },
  actor: AuditActor,
  id: string,
): Promise<boolean> {
  const done = await revokeApiKey(deps.db, id, deps.now());
  if (done) await recordAudit(deps.db, actor, "api-key.revoke", { type: "api-key", id });
  return done;
}

export { listApiKeys };

/**
 * The API key from `Authorization: Bearer …` if it may do `scope`; otherwise a thrown 401 JSON response (no, a
 * bad, a revoked or an expired key: the same answer, so nothing says whether a key ever existed) or 403 (a good
 * key without the scope). Marks the key used.
 */
export async function requireApiKey(request: Request, db: Database, now: Date, scope: ApiKeyScope) {
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
      { error: "unauthorized", message: "The API key is not valid: it was revoked, it expired, or it never existed." },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="attest", error="invalid_token"' } },
    );
  }
  if (!key.scopes.includes(scope)) {
    throw json(
      {
        error: "forbidden",
        message: `This API key may ${key.scopes.map((s) => SCOPE_WORDS[s]).join(" and ")}, not ${SCOPE_WORDS[scope]}. Ask an admin for a key with the "${scope}" scope.`,
      },
      { status: 403, headers: { "WWW-Authenticate": 'Bearer realm="attest", error="insufficient_scope"' } },
    );
  }
  return key;
}
