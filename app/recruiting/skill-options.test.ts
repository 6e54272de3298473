import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { listVerifiedSkills } from "#db/queries/candidates.server";
import { candidates, credentials, credentialSkills } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { getSkillOptions } from "./find-candidates.server";

describe.each(testDatabaseKinds())("the skill pick list on $name", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await kind.open();
  });
  afterAll(async () => {
    vi.useRealTimers();
    await handle?.close();
  });

  async function addVerifiedSkill(n: number) {
    const now = new Date();
    await handle.db
      .insert(candidates)
      .values({ id: `c${n}`, displayName: "C", email: `c${n}@example.com`, consentedAt: now, consentTextVersion: "t" });
    await handle.db.insert(credentials).values({
      id: `k${n}`,
      candidateId: `c${n}`,
      rawText: "{}",
      contentHash: `h${n}`,
      source: "t",
      format: "obv3",
      verdict: "verified",
      report: {
        input: "t",
        verdict: "verified",
        checks: [],
        credentials: [],
        skills: [],
        checkedAt: now.toISOString(),
      },
      verifiedAt: now,
    });
    await handle.db.insert(credentialSkills).values({
      credentialId: `k${n}`,
      candidateId: `c${n}`,
      skillKey: `name:s${n}`,
      label: `S${n}`,
      mapping: "name",
      source: "alignment",
    });
  }

  it("counts only searchable candidates: a pending submission's skills are not in the list (decision 011)", async () => {
    await addVerifiedSkill(90);
    await handle.db.update(candidates).set({ identity: "pending" }).where(eq(candidates.id, "c90"));
    expect((await listVerifiedSkills(handle.db, { registeredOnly: false })).map((s) => s.key)).not.toContain(
      "name:s90",
    );
    await handle.db.update(candidates).set({ identity: "confirmed" }).where(eq(candidates.id, "c90"));
    expect((await listVerifiedSkills(handle.db, { registeredOnly: false })).map((s) => s.key)).toContain("name:s90");
    await handle.db.delete(candidates).where(eq(candidates.id, "c90"));
  });

  it("serves the list from memory, and refreshes it in the background once it is 30 seconds old", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    await addVerifiedSkill(1);
    expect((await getSkillOptions(handle.db, "any-issuer")).map((s) => s.key)).toEqual(["name:s1"]);
    await addVerifiedSkill(2);
    expect((await getSkillOptions(handle.db, "any-issuer")).map((s) => s.key)).toEqual(["name:s1"]);

    vi.setSystemTime(Date.now() + 31_000);
    // The stale list is answered at once while the refresh runs…
    expect((await getSkillOptions(handle.db, "any-issuer")).map((s) => s.key)).toEqual(["name:s1"]);
    // …and the next request gets the new one.
    await vi.waitFor(async () =>
      expect((await getSkillOptions(handle.db, "any-issuer")).map((s) => s.key).sort()).toEqual(["name:s1", "name:s2"]),
    );
  });
});
