import { eq } from "drizzle-orm";
import type { ExtractedSkill } from "../../app/verification/report";
import type { Database } from "../client.server";
import { credentialSkills } from "../schema/index";

/** Replaces the skills a credential backs with those its latest verification extracted. */
export async function replaceCredentialSkills(
  tx: Pick<Database, "delete" | "insert">,
  credential: { id: string; candidateId: string },
  skills: ExtractedSkill[],
): Promise<void> {
  await tx.delete(credentialSkills).where(eq(credentialSkills.credentialId, credential.id));
  if (skills.length === 0) return;
  await tx.insert(credentialSkills).values(
    skills.map((skill) => ({
      credentialId: credential.id,
      candidateId: credential.candidateId,
      skillKey: skill.key,
      label: skill.label,
      mapping: skill.mapping,
      framework: skill.framework ?? null,
      targetUrl: skill.targetUrl ?? null,
      source: skill.source,
    })),
  );
}
