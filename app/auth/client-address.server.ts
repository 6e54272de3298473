/**
 * The client address as rate limits store it: an HMAC of the address under a secret of this installation, made
 * on first use and kept in `settings` like the cookie secret. A plain sha256 of an IPv4 address is reversed by
 * hashing all four billion of them; without the secret, the stored hashes name no one.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { Database } from "#db/client.server";
import { getSetting } from "#db/queries/settings.server";
import { settings } from "#db/schema/index";

const SALT_SETTING = "auth.client-address-salt";
const salts = new WeakMap<Database, Promise<string>>();

function installationSalt(db: Database): Promise<string> {
  let salt = salts.get(db);
  if (!salt) {
    salt = (async () => {
      await db
        .insert(settings)
        .values({ key: SALT_SETTING, value: randomBytes(32).toString("base64url") })
        .onConflictDoNothing();
      return (await getSetting<string>(db, SALT_SETTING))!;
    })();
    salt.catch(() => salts.delete(db));
    salts.set(db, salt);
  }
  return salt;
}

export async function hashClientAddress(db: Database, clientAddress: string): Promise<string> {
  return createHmac("sha256", await installationSalt(db))
    .update(clientAddress)
    .digest("hex");
}
