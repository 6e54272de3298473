import { eq } from "drizzle-orm";
import type { ExtractedSkill } from "../../app/verification/report";
import type { Database } from "../client.server";
import { applyAliases } from "../../app/skills/aliases";
import { credentialSkills } from "../schema/index";
import { loadAliasMap } from "./skill-aliases.server";

/**
 * Replaces the skills a credential backs with those its latest verification extracted, mapped through the
 * alias table as it is now (the raw label is kept, and the mapping says "alias" where one applied).
 */
export async function replaceCredentialSkills(
  tx: Database,
  credential: { id: string; candidateId: string },
  skills: ExtractedSkill[],
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
