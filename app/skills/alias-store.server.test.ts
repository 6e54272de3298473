import { asc, eq, sql } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { listAliases, loadAliasMap, loadSuggestionInputs } from "#db/queries/skill-aliases.server";
import { candidates, credentials, credentialSkills, searchOutbox } from "#db/schema/index";
import { skillAliases } from "#db/schema/skill-aliases";
import { testDatabaseKinds } from "#db/test-databases";
import { SEED_ALIASES } from "./alias-seed";
import { applyAliases } from "./aliases";
import { deleteAlias, seedAliases, upsertAlias } from "./alias-store.server";

const JS = "esco:3cd569a2-4f88-4c1e-9995-8dce8c5e51a7";

/**
 * The table as drizzle-kit generates it from db/schema/skill-aliases.ts. Until the migration exists the test
 * creates it; IF NOT EXISTS makes this a no-op once the migration has run.
 */
const CREATE_SKILL_ALIASES = sql`CREATE TABLE IF NOT EXISTS "skill_aliases" (
	"alias_text" text PRIMARY KEY NOT NULL,
	"skill_key" text NOT NULL,
	"label" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
)`;

type SkillRow = [credentialId: string, key: string, label: string, mapping: string];

describe.each(testDatabaseKinds())("skill aliases on $name", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await kind.open();
    await handle.db.execute(CREATE_SKILL_ALIASES);
  });
  afterAll(() => handle?.close());
  beforeEach(async () => {
    const { db } = handle;
    await db.delete(skillAliases);
    await db.delete(searchOutbox);
    await db.delete(candidates); // cascades to credentials and their skills
    const now = new Date("2026-01-01T00:00:00Z");
    for (const id of ["a", "b"]) {
      await db
        .insert(candidates)
        .values({ id, displayName: id, email: `${id}@example.org`, consentedAt: now, consentTextVersion: "t" });
      await db.insert(credentials).values({
        id: `cred-${id}`,
        candidateId: id,
        rawText: "{}",
        contentHash: id,
        source: "paste",
        format: "obv3",
        verdict: "verified",
        report: {} as never,
        verifiedAt: now,
      });
    }
    const skill = (credentialId: string, skillKey: string, label: string, mapping: string) => ({
      credentialId,
      candidateId: credentialId.slice("cred-".length),
      skillKey,
      label,
      mapping,
      source: "tag",
    });
    await db.insert(credentialSkills).values([
      skill("cred-a", "name:js", "JS", "name"),
      skill("cred-a", "name:teamwork", "Teamwork", "name"),
      skill("cred-b", "name:js", "js.", "name"),
      skill("cred-b", JS, "JavaScript", "code"), // the issuer's own ESCO alignment
      skill("cred-b", "url:example.org/js", "js", "url"),
    ]);
  });

  const rows = async (): Promise<SkillRow[]> =>
    (
      await handle.db
        .select()
        .from(credentialSkills)
        .orderBy(asc(credentialSkills.credentialId), asc(credentialSkills.skillKey))
    ).map((r) => [r.credentialId, r.skillKey, r.label, r.mapping]);
  const outbox = async () =>
    (await handle.db.select({ id: searchOutbox.candidateId }).from(searchOutbox)).map((r) => r.id).sort();

  it("adds an alias, re-maps name-mapped rows (never code or URL rows) and queues their candidates", async () => {
    const { alias, remapped } = await upsertAlias(handle.db, {
      aliasText: " JS ",
      skillKey: JS,
      label: "JavaScript",
      source: "admin",
    });
    expect(alias).toMatchObject({ aliasText: "js", skillKey: JS, label: "JavaScript", source: "admin" });
    expect(remapped).toBe(2);
    expect(await rows()).toEqual([
      ["cred-a", JS, "JS", "alias"],
      ["cred-a", "name:teamwork", "Teamwork", "name"],
      // cred-b already held the ESCO key through a code alignment: its name row merges into it
      ["cred-b", JS, "JavaScript", "code"],
      ["cred-b", "url:example.org/js", "js", "url"],
    ]);
    expect(await outbox()).toEqual(["a", "b"]);
    expect(await loadAliasMap(handle.db)).toEqual(new Map([["js", { key: JS, label: "JavaScript" }]]));
  });

  it("changing an alias's key moves the rows it mapped; deleting it returns them to their name key", async () => {
    await upsertAlias(handle.db, {
      aliasText: "js",
      skillKey: "name:javascript",
      label: "JavaScript",
      source: "admin",
    });
    await upsertAlias(handle.db, {
      aliasText: "JavaScript",
      skillKey: "name:javascript",
      label: "JavaScript",
      source: "admin",
    });
    await handle.db.delete(searchOutbox);

    const changed = await upsertAlias(handle.db, {
      aliasText: "js",
      skillKey: JS,
      label: "JavaScript",
      source: "confirmed-suggestion",
    });
    expect(changed.remapped).toBe(2);
    expect(await rows()).toEqual([
      ["cred-a", JS, "JS", "alias"],
      ["cred-a", "name:teamwork", "Teamwork", "name"],
      ["cred-b", JS, "JavaScript", "code"],
      ["cred-b", "url:example.org/js", "js", "url"],
    ]);
    expect(await outbox()).toEqual(["a", "b"]);

    await handle.db.delete(searchOutbox);
    expect(await deleteAlias(handle.db, "JS")).toEqual({ deleted: true, remapped: 1 });
    expect((await rows()).filter(([c]) => c === "cred-a")).toEqual([
      ["cred-a", "name:js", "JS", "name"],
      ["cred-a", "name:teamwork", "Teamwork", "name"],
    ]);
    expect(await outbox()).toEqual(["a"]);
    expect(await deleteAlias(handle.db, "js")).toEqual({ deleted: false, remapped: 0 });
    expect((await listAliases(handle.db)).map((a) => a.aliasText)).toEqual(["javascript"]);
  });

  it("an alias edit that changes nothing queues nothing", async () => {
    await upsertAlias(handle.db, {
      aliasText: "python",
      skillKey: "name:python programming",
      label: "Python",
      source: "admin",
    });
    expect(await outbox()).toEqual([]);
  });

  it("refuses aliases that could not match or keys that are not keys, and changes nothing", async () => {
    await expect(upsertAlias(handle.db, { aliasText: "®", skillKey: JS, label: "x", source: "admin" })).rejects.toThrow(
      /no letters/,
    );
    await expect(
      upsertAlias(handle.db, { aliasText: "js", skillKey: "JavaScript", label: "x", source: "admin" }),
    ).rejects.toThrow(/not a skill key/);
    expect(await listAliases(handle.db)).toEqual([]);
    expect(await outbox()).toEqual([]);
  });

  it("seeds once, never over an edit, and re-maps what the seed list covers", async () => {
    await upsertAlias(handle.db, {
      aliasText: "teamwork",
      skillKey: "name:collaboration",
      label: "Collaboration",
      source: "admin",
    });
    await upsertAlias(handle.db, { aliasText: "py", skillKey: "name:python", label: "Python", source: "admin" });
    await handle.db.insert(credentialSkills).values({
      credentialId: "cred-a",
      candidateId: "a",
      skillKey: "name:javascript",
      label: "JavaScript",
      mapping: "name",
      source: "achievement",
    });
    const first = await seedAliases(handle.db);
    expect(first.inserted).toBe(SEED_ALIASES.length - 1); // "py" was already there
    expect(first.remapped).toBe(3); // "JS" in both credentials, and "JavaScript", which merges with "JS" in cred-a
    expect((await rows()).filter(([c, key]) => c === "cred-a" && key === JS)).toEqual([["cred-a", JS, "JS", "alias"]]);
    const aliases = await loadAliasMap(handle.db);
    expect(aliases.get("py")).toEqual({ key: "name:python", label: "Python" });
    expect(aliases.get("js")?.key).toBe(JS);
    expect(await seedAliases(handle.db)).toEqual({ inserted: 0, remapped: 0 });
  });

  it("the submission path: load the map, apply, store rawLabel and mappedBy", async () => {
    await seedAliases(handle.db);
    const applied = applyAliases(
      [{ key: "name:ecmascript", label: "ECMAScript", mapping: "name", source: "tag" }],
      await loadAliasMap(handle.db),
    );
    expect(applied.map((s) => ({ skillKey: s.key, label: s.rawLabel, mapping: s.mappedBy }))).toEqual([
      { skillKey: JS, label: "ECMAScript", mapping: "alias" },
    ]);
  });

  it("suggestion inputs: unaliased name-mapped labels, and the skills they might be", async () => {
    await handle.db.insert(credentialSkills).values({
      credentialId: "cred-a",
      candidateId: "a",
      skillKey: "name:javascrpit",
      label: "Javascrpit",
      mapping: "name",
      source: "tag",
    });
    await upsertAlias(handle.db, {
      aliasText: "teamwork",
      skillKey: "name:collaboration",
      label: "Collaboration",
      source: "admin",
    });
    const { unmatched, known } = await loadSuggestionInputs(handle.db);
    expect(unmatched.sort()).toEqual(["JS", "Javascrpit"]);
    expect(known).toEqual(
      expect.arrayContaining([
        { key: JS, label: "JavaScript" },
        { key: "name:collaboration", label: "Collaboration" },
      ]),
    );
    expect(
      await handle.db.select().from(credentialSkills).where(eq(credentialSkills.skillKey, "name:javascrpit")),
    ).toHaveLength(1);
  });
});
