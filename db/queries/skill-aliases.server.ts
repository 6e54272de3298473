import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import { credentialSkills } from "../schema/index";
import { skillAliases, type AliasSource, type SkillAlias } from "../schema/skill-aliases";
import type { StoredSkill } from "../schema/stored-report";
import { enqueueCandidateIndexing } from "./search-outbox.server";

type Executor = Pick<Database, "select" | "insert" | "update" | "delete">;

/** Normalised alias text → the canonical key and label it stands for (app/skills/aliases.ts applies it). */
export type AliasMap = ReadonlyMap<string, { key: string; label: string }>;

/**
 * app/skills' rule for mapping extracted skills through the alias table (applyAliases). db/ is the ground floor and
 * imports nothing from app/, so the queries that store skills take the rule as an argument.
 */
export type ApplyAliases = <T extends Pick<StoredSkill, "key" | "label" | "mapping">>(
  skills: readonly T[],
  aliases: AliasMap,
) => Array<T & { mappedBy: StoredSkill["mapping"] | "alias"; rawLabel: string }>;

/** app/skills' normalizeSkillText: how an alias text and a stored skill's label are compared. */
export type NormalizeSkillText = (text: string) => string;

/** An alias ready to store: `aliasText` normalised and every field checked (app/skills/alias-store.server.ts). */
export interface AliasRow {
  aliasText: string;
  skillKey: string;
  label: string;
  source: AliasSource;
}

export async function listAliases(db: Database): Promise<SkillAlias[]> {
  return db.select().from(skillAliases).orderBy(asc(skillAliases.aliasText));
}

/** The alias table as applyAliases takes it. Small (hundreds of rows), so read whole. */
export async function loadAliasMap(db: Pick<Database, "select">): Promise<AliasMap> {
  const rows = await db
    .select({ text: skillAliases.aliasText, key: skillAliases.skillKey, label: skillAliases.label })
    .from(skillAliases);
  return new Map(rows.map((r) => [r.text, { key: r.key, label: r.label }]));
}

/**
 * Adds or changes an alias and, in the same transaction, re-maps the stored skills it governs — name-mapped rows
 * whose name is the alias text, and rows an earlier version of this alias mapped — then queues re-indexing of
 * every candidate affected, so search reflects the edit. Returns the stored alias and how many rows changed.
 */
export async function storeAlias(
  db: Database,
  entry: AliasRow,
  normalize: NormalizeSkillText,
): Promise<{ alias: SkillAlias; remapped: number }> {
  return db.transaction(async (tx) => {
    const [previous] = await tx.select().from(skillAliases).where(eq(skillAliases.aliasText, entry.aliasText));
    const values = { skillKey: entry.skillKey, label: entry.label, source: entry.source };
    const [alias] = await tx
      .insert(skillAliases)
      .values({ aliasText: entry.aliasText, ...values })
      .onConflictDoUpdate({ target: skillAliases.aliasText, set: values })
      .returning();
    const remapped = await remapStoredSkills(
      tx,
      [{ text: entry.aliasText, toKey: entry.skillKey, fromKey: previous?.skillKey }],
      normalize,
    );
    return { alias: alias as SkillAlias, remapped };
  });
}

/** Removes an alias (its text normalised); the skills it mapped go back to their name keys, and are re-indexed. */
export async function removeAlias(
  db: Database,
  text: string,
  normalize: NormalizeSkillText,
): Promise<{ deleted: boolean; remapped: number }> {
  return db.transaction(async (tx) => {
    const [previous] = await tx.delete(skillAliases).where(eq(skillAliases.aliasText, text)).returning();
    if (!previous) return { deleted: false, remapped: 0 };
    const remapped = await remapStoredSkills(tx, [{ text, toKey: null, fromKey: previous.skillKey }], normalize);
    return { deleted: true, remapped };
  });
}

/** Stores aliases whose text is not taken yet (an alias seeded before, or edited, is left alone). */
export async function storeAliasesIfAbsent(
  db: Database,
  rows: AliasRow[],
  normalize: NormalizeSkillText,
): Promise<{ inserted: number; remapped: number }> {
  if (rows.length === 0) return { inserted: 0, remapped: 0 };
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(skillAliases)
      .values(rows.map((r) => ({ aliasText: r.aliasText, skillKey: r.skillKey, label: r.label, source: r.source })))
      .onConflictDoNothing({ target: skillAliases.aliasText })
      .returning({ text: skillAliases.aliasText, key: skillAliases.skillKey });
    const remapped = await remapStoredSkills(
      tx,
      inserted.map((r) => ({ text: r.text, toKey: r.key })),
      normalize,
    );
    return { inserted: inserted.length, remapped };
  });
}

interface AliasChange {
  text: string;
  /** The alias's new key, or null when the alias is gone and skills return to "name:<text>". */
  toKey: string | null;
  /** The key the alias had before, whose rows it now re-maps. */
  fromKey?: string;
}

/**
 * Re-keys credential_skills rows after alias changes; the raw label stays. One credential holds a key once
 * (unique index), so a row whose new key the credential already has is merged into that row, i.e. deleted:
 * the other row carries the same skill, often with a stronger mapping. Returns the number of rows changed.
 */
async function remapStoredSkills(tx: Executor, changes: AliasChange[], normalize: NormalizeSkillText): Promise<number> {
  if (changes.length === 0) return 0;
  const byText = new Map(changes.map((c) => [c.text, c]));
  const nameKeys = changes.map((c) => `name:${c.text}`);
  const fromKeys = changes.flatMap((c) => (c.fromKey ? [c.fromKey] : []));
  const columns = {
    id: credentialSkills.id,
    credentialId: credentialSkills.credentialId,
    candidateId: credentialSkills.candidateId,
    skillKey: credentialSkills.skillKey,
    label: credentialSkills.label,
    mapping: credentialSkills.mapping,
  };
  const nameRows = await tx
    .select(columns)
    .from(credentialSkills)
    .where(and(eq(credentialSkills.mapping, "name"), inArray(credentialSkills.skillKey, nameKeys)));
  const aliasRows = fromKeys.length
    ? await tx
        .select(columns)
        .from(credentialSkills)
        .where(and(eq(credentialSkills.mapping, "alias"), inArray(credentialSkills.skillKey, fromKeys)))
    : [];

  const moves: Array<{ row: (typeof nameRows)[number]; key: string; mapping: "alias" | "name" }> = [];
  for (const row of nameRows) {
    const change = byText.get(row.skillKey.slice("name:".length));
    if (change?.toKey) moves.push({ row, key: change.toKey, mapping: "alias" });
  }
  for (const row of aliasRows) {
    // Several aliases may share a key: a row belongs to this one only if its raw label is the alias text.
    const change = byText.get(normalize(row.label));
    if (!change || change.fromKey !== row.skillKey) continue;
    moves.push(
      change.toKey
        ? { row, key: change.toKey, mapping: "alias" }
        : { row, key: `name:${change.text}`, mapping: "name" },
    );
  }
  const effective = moves.filter((m) => m.key !== m.row.skillKey);
  if (effective.length === 0) return 0;

  const slot = (credentialId: string, key: string) => `${credentialId}\u0000${key}`;
  const holders = await tx
    .select({
      id: credentialSkills.id,
      credentialId: credentialSkills.credentialId,
      skillKey: credentialSkills.skillKey,
    })
    .from(credentialSkills)
    .where(
      and(
        inArray(credentialSkills.credentialId, [...new Set(effective.map((m) => m.row.credentialId))]),
        inArray(credentialSkills.skillKey, [...new Set(effective.flatMap((m) => [m.key, m.row.skillKey]))]),
      ),
    );
  // A moving row keeps its current slot until it moves; rows that do not move keep theirs.
  const occupied = new Set(holders.map((h) => slot(h.credentialId, h.skillKey)));
  const deletes: number[] = [];
  const updates = new Map<string, { key: string; mapping: "alias" | "name"; ids: number[] }>();
  for (const move of effective) {
    const target = slot(move.row.credentialId, move.key);
    occupied.delete(slot(move.row.credentialId, move.row.skillKey));
    if (occupied.has(target)) {
      deletes.push(move.row.id);
      continue;
    }
    occupied.add(target);
    const group = `${move.mapping}\u0000${move.key}`;
    const entry = updates.get(group) ?? { key: move.key, mapping: move.mapping, ids: [] };
    entry.ids.push(move.row.id);
    updates.set(group, entry);
  }
  if (deletes.length) await tx.delete(credentialSkills).where(inArray(credentialSkills.id, deletes));
  for (const { key, mapping, ids } of updates.values()) {
    await tx.update(credentialSkills).set({ skillKey: key, mapping }).where(inArray(credentialSkills.id, ids));
  }
  await enqueueCandidateIndexing(tx, [...new Set(effective.map((m) => m.row.candidateId))]);
  return effective.length;
}

/**
 * What `alias suggest` compares: the distinct labels of name-mapped skills no alias covers, and the skills they
 * might be — framework- and URL-mapped skills with a label, alias targets, and other name-mapped skills.
 */
export async function loadSuggestionInputs(
  db: Database,
): Promise<{ unmatched: string[]; known: Array<{ key: string; label: string }> }> {
  const aliases = await loadAliasMap(db);
  const skills = await db
    .select({
      key: credentialSkills.skillKey,
      mapping: credentialSkills.mapping,
      label: sql<string>`min(${credentialSkills.label})`,
    })
    .from(credentialSkills)
    .groupBy(credentialSkills.skillKey, credentialSkills.mapping)
    .orderBy(asc(credentialSkills.skillKey));
  const unmatched = skills
    .filter((s) => s.mapping === "name" && !aliases.has(s.key.slice("name:".length)))
    .map((s) => s.label);
  const known = new Map<string, string>();
  for (const alias of aliases.values()) known.set(alias.key, alias.label);
  for (const s of skills) if (s.mapping !== "alias" && !known.has(s.key)) known.set(s.key, s.label);
  return { unmatched, known: [...known].map(([key, label]) => ({ key, label })) };
}
