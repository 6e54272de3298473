import { eq } from "drizzle-orm";
import type { Database } from "../client.server";
import { credentialSkills } from "../schema/index";
import type { StoredSkill } from "../schema/stored-report";
import { loadAliasMap, type ApplyAliases } from "./skill-aliases.server";

/**
 * Replaces the skills a credential backs with those its latest verification extracted, mapped through the
 * alias table as it is now, inside the transaction (the raw label is kept, and the mapping says "alias" where one
 * applied). `applyAliases` is app/skills' rule, passed in so that db/ imports nothing from app/.
 */
export async function replaceCredentialSkills(
  tx: Database,
  credential: { id: string; candidateId: string },
  skills: StoredSkill[],
  applyAliases: ApplyAliases,
): Promise<void> {
  await tx.delete(credentialSkills).where(eq(credentialSkills.credentialId, credential.id));
  if (skills.length === 0) return;
  const mapped = applyAliases(skills, await loadAliasMap(tx));
  const rows = mapped.map((skill) => ({
    credentialId: credential.id,
    candidateId: credential.candidateId,
    skillKey: skill.key,
    label: skill.rawLabel,
    mapping: skill.mappedBy,
    framework: skill.framework ?? null,
    targetUrl: skill.targetUrl ?? null,
    source: skill.source,
    selfAsserted: skill.selfAsserted ?? false,
  }));
  // In batches: one statement may bind at most 65,535 parameters (9 a row), and a hostile credential can carry
  // thousands of alignments (found by `npm run stress -- malformed`: 7,500 of them were a 500).
  for (let start = 0; start < rows.length; start += 1000) {
    await tx.insert(credentialSkills).values(rows.slice(start, start + 1000));
  }
}
