/**
 * Skills from an Open Badges 3.0 credential, as canonical keys for search. Pure: JSON in, list out.
 *
 * What counts as a skill (decided here, so search results are explainable):
 * - every `achievement.alignment[]` entry (source "alignment"): the issuer's own statement of what the
 *   achievement evidences, often with a framework code;
 * - the achievement's own name (source "achievement") when its `achievementType` is "Competency", or when it
 *   has no alignments and is not a container-like award (a degree, diploma, course, licence, membership…):
 *   a "Teamwork" badge is a skill, a "Bachelor of Science" is not;
 * - `achievement.tag[]` keywords (source "tag"): issuers use them for skill keywords;
 * Entries are deduplicated by key, and two entries that share a target URL are one skill (the one with the
 * stronger key — framework code over URL over name — wins). Result-level skills are not extracted yet.
 */
import type { ExtractedSkill } from "#app/verification/report";
import { describeSkillKey, normalizeUrlKey, type AlignmentLike } from "./normalize";

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const text = (v: unknown): string | undefined => {
  if (typeof v === "string") return v.trim() || undefined;
  if (isObject(v)) return text(v["@value"]) ?? Object.values(v).map(text).find(Boolean);
  if (Array.isArray(v)) return v.map(text).find(Boolean);
  return undefined;
};

/** Achievement types that name a programme or an award rather than a single skill. */
const NON_SKILL_ACHIEVEMENT_TYPES = new Set(
  [
    "ApprenticeshipCertificate", "AssociateDegree", "BachelorDegree", "Certificate", "CertificateOfCompletion",
    "Certification", "CommunityService", "CoCurricular", "Course", "Degree", "Diploma", "DoctoralDegree",
    "GeneralEducationDevelopment", "JourneymanCertificate", "LearningProgram", "License", "MasterCertificate",
    "MasterDegree", "Membership", "ProfessionalDoctorate", "QualityAssuranceCredential", "ResearchDoctorate",
    "SecondarySchoolDiploma", "Award", "Fieldwork", "Assignment",
  ].map((t) => t.toLowerCase()),
);

const MAPPING_STRENGTH = { code: 3, url: 2, name: 1 } as const;

function achievementsOf(credential: unknown): JsonObject[] {
  if (!isObject(credential)) return [];
  return asArray(credential.credentialSubject)
    .filter(isObject)
    .flatMap((subject) => asArray(subject.achievement))
    .filter(isObject);
}

function fromAlignment(alignment: JsonObject): ExtractedSkill | null {
  const described = describeSkillKey(alignment as AlignmentLike);
  if (!described) return null;
  const targetUrl = text(alignment.targetUrl);
  const label = text(alignment.targetName) ?? text(alignment.targetCode) ?? targetUrl ?? described.key;
  return {
    key: described.key,
    label,
    mapping: described.mapping,
    ...(described.framework ? { framework: described.framework } : {}),
    ...(targetUrl ? { targetUrl } : {}),
    source: "alignment",
  };
}

function fromName(name: string | undefined, source: "achievement" | "tag"): ExtractedSkill | null {
  if (!name) return null;
  const described = describeSkillKey({ name });
  return described ? { key: described.key, label: name, mapping: "name", source } : null;
}

function achievementIsSkill(achievement: JsonObject, hasAlignments: boolean): boolean {
  const types = asArray(achievement.achievementType).filter((t): t is string => typeof t === "string");
  // OBv3 allows extension types written "ext:SomeType"
  const normalized = types.map((t) => t.replace(/^ext:/i, "").toLowerCase());
  if (normalized.includes("competency")) return true;
  if (hasAlignments) return false;
  return !normalized.some((t) => NON_SKILL_ACHIEVEMENT_TYPES.has(t));
}

/** Merge skills that share a key or a target URL, keeping the strongest key and the first label. */
function deduplicate(skills: ExtractedSkill[]): ExtractedSkill[] {
  const result: ExtractedSkill[] = [];
  const urlKeyOf = (s: ExtractedSkill) => (s.targetUrl ? normalizeUrlKey(s.targetUrl) : null);
  for (const skill of skills) {
    const urlKey = urlKeyOf(skill);
    const index = result.findIndex((r) => r.key === skill.key || (urlKey !== null && urlKeyOf(r) === urlKey));
    if (index < 0) {
      result.push(skill);
      continue;
    }
    const existing = result[index] as ExtractedSkill;
    if (MAPPING_STRENGTH[skill.mapping] > MAPPING_STRENGTH[existing.mapping]) {
      result[index] = { ...skill, label: existing.source === skill.source ? existing.label : skill.label };
    }
  }
  return result;
}

/** Skills evidenced by an OBv3 credential, deduplicated by canonical key. Never throws on odd JSON. */
export function extractSkills(credential: unknown): ExtractedSkill[] {
  const skills: ExtractedSkill[] = [];
  for (const achievement of achievementsOf(credential)) {
    const alignments = asArray(achievement.alignment).filter(isObject);
    for (const alignment of alignments) {
      const skill = fromAlignment(alignment);
      if (skill) skills.push(skill);
    }
    if (achievementIsSkill(achievement, alignments.length > 0)) {
      const skill = fromName(text(achievement.name), "achievement");
      if (skill) skills.push(skill);
    }
    for (const tag of asArray(achievement.tag)) {
      const skill = fromName(text(tag), "tag");
      if (skill) skills.push(skill);
    }
  }
  return deduplicate(skills);
}
