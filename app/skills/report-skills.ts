/**
 * The skills of a verification report, read from what the verifier says its checks covered. Pure. The code that
 * stores or shows a report (submissions, the wallet exchange, re-checks, `attest verify`) calls this, so that
 * verification knows nothing of skills and skill extraction nothing of formats.
 */
import type { ExtractedSkill, SkillSource, VerificationReport, VerifierReport } from "#app/verification/report";
import { extractSelfAssertedSkills, extractSkills } from "./extract";

/**
 * The report with `skills` filled in (and its skill source dropped), members first: a container's skills are its
 * own (a CLR's achievement list) followed by every member's, deduplicated by key (the first occurrence wins).
 */
export function withSkills(report: VerifierReport | VerificationReport): VerificationReport {
  const { skillSource, credentials, ...rest } = report as VerifierReport & { skills?: ExtractedSkill[] };
  const members = credentials.map(withSkills);
  const own = skillSource ? skillsOf(skillSource) : (rest.skills ?? []);
  return { ...rest, credentials: members, skills: mergeSkills([own, ...members.map((m) => m.skills)]) };
}

function skillsOf(source: SkillSource): ExtractedSkill[] {
  return source.kind === "resume" ? extractSelfAssertedSkills(source.resume) : extractSkills(source.credential);
}

function mergeSkills(lists: ExtractedSkill[][]): ExtractedSkill[] {
  if (lists.length === 1) return lists[0] as ExtractedSkill[];
  const byKey = new Map<string, ExtractedSkill>();
  for (const skill of lists.flat()) if (!byKey.has(skill.key)) byKey.set(skill.key, skill);
  return [...byKey.values()];
}
