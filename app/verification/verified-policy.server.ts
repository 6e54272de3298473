import type { Database } from "#db/client.server";
import { getSetting, putSetting } from "#db/queries/settings.server";
import { recordAudit, type AuditActor } from "#app/audit/audit.server";

/**
 * What "verified" means in search, its facets and counts (issue 11, finding 6): a valid signature from any issuer
 * (the default, as before), or only from issuers on the trust registry. An admin's choice, kept in settings.
 */
export const VERIFIED_POLICIES = ["any-issuer", "registered-issuers"] as const;
export type VerifiedPolicy = (typeof VERIFIED_POLICIES)[number];

const KEY = "policy.verified-means";

export async function getVerifiedPolicy(db: Database): Promise<VerifiedPolicy> {
  const value = await getSetting<string>(db, KEY);
  return value === "registered-issuers" ? "registered-issuers" : "any-issuer";
}

export async function setVerifiedPolicy(db: Database, actor: AuditActor, policy: VerifiedPolicy): Promise<void> {
  await putSetting(db, KEY, policy);
  await recordAudit(
    db,
    actor,
    "settings.change",
    { type: "settings", id: KEY },
    { setting: "verified means", value: policy },
  );
}
