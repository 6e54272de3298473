import { count, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { getVerifiedPolicy } from "#app/verification/verified-policy.server";
import { getSkillOptions } from "./find-candidates.server";
import { DEMO_INVITATION, getSetting } from "#db/queries/settings.server";
import { candidates, credentials } from "#db/schema/index";

/** The figures on the home page: how many candidates and credentials, and the most common verified skills. */
export async function getOverview(db: Database) {
  const [[people], [all], [verified], topSkills, demoInvitationPath] = await Promise.all([
    db.select({ n: count() }).from(candidates),
    db.select({ n: count() }).from(credentials),
    db.select({ n: count() }).from(credentials).where(eq(credentials.verdict, "verified")),
    getVerifiedPolicy(db)
      .then((policy) => getSkillOptions(db, policy))
      .then((options) => options.slice(0, 12)),
    getSetting<string>(db, DEMO_INVITATION),
  ]);
  return {
    candidates: Number(people?.n ?? 0),
    credentials: Number(all?.n ?? 0),
    verifiedCredentials: Number(verified?.n ?? 0),
    topSkills,
    demoInvitationPath,
  };
}
