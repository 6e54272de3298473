/**
 * Demo data (decision 013): a demo issuer (a did:key generated here and kept in the database, never committed)
 * signs real Open Badges 3.0 credentials for the demo candidates, and each one goes through the same submission
 * use case as a real candidate's; three staff accounts share a password generated for this installation. Seeded
 * on a newcomer's first embedded start (see `decideDemoOnStart`) or when asked (`attest demo seed`); removed by
 * `attest demo clear`.
 */
import { existsSync } from "node:fs";
import { listCandidateIdsByEmail } from "#db/queries/identity.server";
import { deleteTrustedIssuer, upsertTrustedIssuers } from "#db/queries/trusted-issuers.server";
import { DEMO_INVITATION, DEMO_SEEDED, deleteSettings, getSetting, putSetting } from "#db/queries/settings.server";
export { isDemoLoaded } from "#db/queries/settings.server";
import { countActiveStaffUsers } from "#db/queries/staff.server";
import { invitations } from "#db/schema/index";
import { eq } from "drizzle-orm";
import { recordAudit, type AuditActor } from "#app/audit/audit.server";
import { removeDemoStaffAccounts, seedDemoStaffAccounts } from "#app/auth/demo-accounts.server";
import { createInvitation } from "#app/ingest/public-submission.server";
import { submitItems } from "#app/ingest/submit.server";
import { eraseCandidate } from "#app/retention/erasure.server";
import type { Services } from "#app/services.server";
import { assignDemoAchievements, DEMO_CANDIDATES, getDemoAchievement } from "./catalog";
import { generateIssuerKey, issueOpenBadge, type SerializedIssuerKey } from "./issuer.server";

const SEEDED = DEMO_SEEDED;
const ISSUER_KEY = "demo.issuer-key";
const DAY = 24 * 60 * 60 * 1000;

type SeedServices = Pick<Services, "db" | "verify" | "now" | "log"> & { indexer?: Pick<Services["indexer"], "nudge"> };

/**
 * Whether `npm start` seeds the demo: only on the embedded default (no DATABASE_URL) into a data folder this start
 * created, with no staff account, and never with ATTEST_DEMO=0. An operator who ran `attest user create` first
 * created the folder and an account, so a real installation never gets demo accounts; PostgreSQL gets demo data
 * only through `attest demo seed`.
 */
export function decideDemoOnStart(
  env: Record<string, string | undefined>,
  facts: { dataFolderExisted: boolean; staffAccounts: number },
): { seed: boolean; reason: string } {
  if (env.ATTEST_DEMO === "0") return { seed: false, reason: "ATTEST_DEMO=0" };
  // Asked for explicitly (drills and scenarios that start throw-away servers, with staff accounts of their own): any
  // database; the seed itself does nothing when the demo is loaded already.
  if (env.ATTEST_DEMO === "1") return { seed: true, reason: "ATTEST_DEMO=1" };
  if (env.DATABASE_URL)
    return { seed: false, reason: "PostgreSQL gets demo data only when asked (attest demo seed, or ATTEST_DEMO=1)" };
  if (facts.dataFolderExisted) return { seed: false, reason: "the data folder existed before this start" };
  if (facts.staffAccounts > 0) return { seed: false, reason: "a staff account exists" };
  return { seed: true, reason: "a brand-new embedded data folder" };
}

/** Whether the data folder of the embedded database exists (checked before the database opens and creates it). */
export function dataFolderExists(dataDir: string | undefined): boolean {
  return dataDir !== undefined && existsSync(dataDir);
}

/** Seeds the demo at start when `decideDemoOnStart` says so; logs the reason either way, in one line. */
export async function seedDemoOnStart(
  services: SeedServices,
  env: Record<string, string | undefined>,
  dataFolderExisted: boolean,
) {
  const decision = decideDemoOnStart(env, {
    dataFolderExisted,
    staffAccounts: await countActiveStaffUsers(services.db),
  });
  if (!decision.seed) return { seeded: false, credentials: 0 };
  return seedDemoData(services);
}

export async function seedDemoData(
  services: SeedServices,
  audit?: AuditActor,
): Promise<{ seeded: boolean; credentials: number; password?: string }> {
  const { db, log } = services;
  if (await getSetting(db, SEEDED)) return { seeded: false, credentials: 0 };

  let issuer = await getSetting<SerializedIssuerKey>(db, ISSUER_KEY);
  if (!issuer) {
    issuer = await generateIssuerKey({ name: "Attest Demo Institute" });
    await putSetting(db, ISSUER_KEY, issuer);
  }
  log(`demo data: seeding ${DEMO_CANDIDATES.length} candidates with credentials signed by ${issuer.did}`);
  // The demo issuer is on the trust registry, so "trusted issuers only" has something to show.
  await upsertTrustedIssuers(db, [{ issuerId: issuer.did, name: issuer.name, registry: "demo" }]);

  const now = services.now();
  const byId = new Map(DEMO_CANDIDATES.map((c) => [c.id, c]));
  let stored = 0;
  for (const [index, assignment] of assignDemoAchievements().entries()) {
    const person = byId.get(assignment.candidateId)!;
    for (const [position, slug] of assignment.achievementSlugs.entries()) {
      const achievement = getDemoAchievement(slug)!;
      // Every seventh candidate's last credential has expired, so the demo shows claimed (unverified) skills too.
      const expired = index % 7 === 3 && position === assignment.achievementSlugs.length - 1 && position > 0;
      const issuedDaysAgo = 30 + ((index * 37 + position * 101) % 700);
      const validFrom = new Date(now.getTime() - issuedDaysAgo * DAY);
      const credential = await issueOpenBadge(issuer, {
        subject: { name: person.name, email: person.email },
        achievement: {
          id: achievement.id,
          name: achievement.name,
          description: achievement.description,
          achievementType: achievement.achievementType,
          alignments: achievement.alignments,
        },
        validFrom,
        validUntil: expired ? new Date(now.getTime() - 5 * DAY) : undefined,
        suite: position % 2 === 0 ? "eddsa-rdfc-2022" : "Ed25519Signature2020",
      });
      const outcomes = await submitItems(
        services,
        { name: person.name, email: person.email, headline: person.headline, consent: true },
        [{ type: "text", text: JSON.stringify(credential, null, 2), source: "demo seed" }],
      );
      stored += outcomes.filter((o) => o.status === "stored").length;
    }
    if ((index + 1) % 10 === 0) log(`demo data: ${index + 1}/${DEMO_CANDIDATES.length} candidates`);
  }
  const invitation = await createInvitation(db, "Demo: open applications");
  await putSetting(db, DEMO_INVITATION, invitation.path);
  // Staff accounts with a password made for this installation: only here, with the demo data.
  const password = await seedDemoStaffAccounts(services);
  await putSetting(db, SEEDED, { at: now.toISOString(), credentials: stored });
  if (audit) await recordAudit(db, audit, "demo.seed", { type: "settings", id: "demo" }, { credentials: stored });
  services.indexer?.nudge();
  log(`demo data: ${stored} credentials stored`);
  // Printed once, here; the sign-in page shows it while the demo accounts exist.
  log(
    `demo data: staff accounts recruiter@demo.attest, verifier@demo.attest and admin@demo.attest, password ${password}`,
  );
  return { seeded: true, credentials: stored, password };
}

/**
 * Removes the demo: its candidates (through the one erasure path, decision 010), its staff accounts and their
 * password, the demo issuer's registry entry and key, and the demo invitation.
 */
export async function clearDemoData(
  services: Pick<Services, "db" | "now"> & { onCommitted?: () => void; trustRegistryChanged?: () => void },
  actor: AuditActor,
): Promise<{ candidates: number; staffAccounts: number }> {
  const { db } = services;
  let erased = 0;
  for (const person of DEMO_CANDIDATES) {
    for (const candidateId of await listCandidateIdsByEmail(db, person.email)) {
      if (await eraseCandidate(services, candidateId, { actor, reason: "admin" })) erased++;
    }
  }
  const staffAccounts = await removeDemoStaffAccounts(db);
  const issuer = await getSetting<SerializedIssuerKey>(db, ISSUER_KEY);
  if (issuer) await deleteTrustedIssuer(db, issuer.did);
  services.trustRegistryChanged?.();
  const invitationPath = await getSetting<string>(db, DEMO_INVITATION);
  const token = invitationPath?.split("/").pop();
  if (token) await db.update(invitations).set({ closedAt: services.now() }).where(eq(invitations.token, token));
  await deleteSettings(db, [SEEDED, ISSUER_KEY, DEMO_INVITATION]);
  await recordAudit(db, actor, "demo.clear", { type: "settings", id: "demo" }, { candidates: erased, staffAccounts });
  return { candidates: erased, staffAccounts };
}
