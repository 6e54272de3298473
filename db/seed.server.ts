/**
 * Demo data for a newcomer's first start: a demo issuer (a did:key generated here and kept in the database,
 * never committed) signs real Open Badges 3.0 credentials for the demo candidates, and each one goes through the
 * same submission use case as a real candidate's. Runs only on an empty database, and only from `npm start`.
 */
import { generateIssuerKey, issueOpenBadge, type SerializedIssuerKey } from "#app/demo/issuer.server";
import { assignDemoAchievements, DEMO_CANDIDATES, getDemoAchievement } from "#app/demo/catalog";
import { createInvitation } from "#app/ingest/public-submission.server";
import { submitItems } from "#app/ingest/submit.server";
import type { Services } from "#app/services.server";
import { seedDemoStaffAccounts } from "#app/auth/demo-accounts.server";
import { countCandidates } from "./queries/candidates.server";
import { upsertTrustedIssuers } from "./queries/trusted-issuers.server";
import { DEMO_INVITATION, getSetting, putSetting } from "./queries/settings.server";

const SEEDED = "demo.seeded";
const ISSUER_KEY = "demo.issuer-key";
const DAY = 24 * 60 * 60 * 1000;

type SeedServices = Pick<Services, "db" | "verify" | "now" | "log"> & { indexer?: Pick<Services["indexer"], "nudge"> };

export async function seedDemoData(services: SeedServices): Promise<{ seeded: boolean; credentials: number }> {
  const { db, log } = services;
  if (await getSetting(db, SEEDED)) return { seeded: false, credentials: 0 };
  if ((await countCandidates(db)) > 0) {
    log("demo data: the database already has candidates, so no demo data is added");
    await putSetting(db, SEEDED, { at: services.now().toISOString(), skipped: "database not empty" });
    return { seeded: false, credentials: 0 };
  }

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
  // Staff accounts with a published password: only here, with the demo data, never on a real installation.
  await seedDemoStaffAccounts(services);
  await putSetting(db, SEEDED, { at: now.toISOString(), credentials: stored });
  services.indexer?.nudge();
  log(`demo data: ${stored} credentials stored`);
  return { seeded: true, credentials: stored };
}
