import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { listAliases } from "#db/queries/skill-aliases.server";
import { candidates, credentials, credentialSkills } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { aliasFormSchema, applyAliasForm, getAliasAdmin } from "./alias-admin.server";

describe.each(testDatabaseKinds())("the alias page's actions on $name", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await kind.open();
    const now = new Date();
    await handle.db
      .insert(candidates)
      .values({ id: "c1", displayName: "C", email: "c@example.com", consentedAt: now, consentTextVersion: "t" });
    await handle.db.insert(credentials).values({
      id: "k1",
      candidateId: "c1",
      rawText: "{}",
      contentHash: "h",
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
    await handle.db.insert(credentialSkills).values([
      {
        credentialId: "k1",
        candidateId: "c1",
        skillKey: "name:reactjs",
        label: "ReactJS",
        mapping: "name",
        source: "alignment",
      },
    ]);
  });
  afterAll(() => handle?.close());

  it("refuses a form with a key that is not a skill key, saying which forms are accepted", () => {
    const parsed = aliasFormSchema.safeParse({
      intent: "add",
      aliasText: "ReactJS",
      skillKey: "react",
      label: "React",
    });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues[0].message).toMatch(/esco:…, onet:…/);
  });

  it("adds an alias that re-maps stored skills, then removes it", async () => {
    const form = aliasFormSchema.parse({ intent: "add", aliasText: "ReactJS", skillKey: "name:react", label: "React" });
    expect(await applyAliasForm(handle.db, form)).toMatch(/1 stored skill\(s\) re-mapped/);
    const [row] = await handle.db.select().from(credentialSkills).where(eq(credentialSkills.credentialId, "k1"));
    expect(row).toMatchObject({ skillKey: "name:react", label: "ReactJS", mapping: "alias" });
    expect((await listAliases(handle.db)).map((a) => a.source)).toEqual(["admin"]);

    expect(await applyAliasForm(handle.db, { intent: "remove", aliasText: "reactjs" })).toMatch(/Removed/);
    const [back] = await handle.db.select().from(credentialSkills).where(eq(credentialSkills.credentialId, "k1"));
    expect(back).toMatchObject({ skillKey: "name:reactjs", mapping: "name" });
  });

  it("offers suggestions without applying them", async () => {
    const before = await handle.db.select().from(credentialSkills);
    await getAliasAdmin(handle.db);
    expect(await handle.db.select().from(credentialSkills)).toEqual(before);
  });
});
