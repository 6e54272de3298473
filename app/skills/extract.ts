/**
 * Skills from a credential, as canonical keys for search. Pure: JSON in, list out.
 *
 * What counts as a skill (decided here, so search results are explainable):
 * - every `achievement.alignment[]` entry (source "alignment"): the issuer's own statement of what the
 *   achievement evidences, often with a framework code;
 * - the achievement's own name (source "achievement") when its `achievementType` is "Competency", or when it
 *   has no alignments, is not a container-like award (a degree, diploma, course, licence, membership…) and
 *   (in a CLR) is not the parent of other achievements: a "Teamwork" badge is a skill, a "Bachelor of Science"
 *   is not;
 * - `achievement.tag[]` keywords (source "tag"): issuers use them for skill keywords;
 * - OBv3 `credentialSubject.result[]` (source "result"): a result's own `alignment[]`, and the alignments of the
 *   achievement's `resultDescription` the result points at. A result description nobody points at only says
 *   what could be achieved, and a result whose `status` is anything but "Completed" (Failed, InProgress,
 *   Withdrew…) evidences nothing, so neither is harvested;
 * - CLR 2.0: the outer `credentialSubject.achievement[]` list, each read as above; `association[]` marks
 *   programme-like parents (isParentOf / isChildOf), whose names are not skills. The member credentials in
 *   `verifiableCredential[]` are verified and extracted one by one by the verifier, not here;
 * - Open Badges 2.0: the BadgeClass (embedded in an Assertion's `badge`, or given alone) `alignment[]`,
 *   `tags[]` and name.
 * `criteria` is not harvested: its narrative is free prose, and a skill read out of prose would be a guess.
 * Entries are deduplicated by key, and two entries that share a target URL are one skill (the one with the
 * stronger key — framework code over URL over name — wins).
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
const typesOf = (v: JsonObject): string[] =>
  asArray(v.type ?? v["@type"]).filter((t): t is string => typeof t === "string");
const idOf = (v: unknown): string | undefined =>
  typeof v === "string" ? v : isObject(v) && typeof v.id === "string" ? v.id : undefined;

/** Achievement types that name a programme or an award rather than a single skill. */
const NON_SKILL_ACHIEVEMENT_TYPES = new Set(
  [
    "ApprenticeshipCertificate",
    "AssociateDegree",
    "BachelorDegree",
    "Certificate",
    "CertificateOfCompletion",
    "Certification",
    "CommunityService",
    "CoCurricular",
    "Course",
    "Degree",
    "Diploma",
    "DoctoralDegree",
    "GeneralEducationDevelopment",
    "JourneymanCertificate",
    "LearningProgram",
    "License",
    "MasterCertificate",
    "MasterDegree",
    "Membership",
    "ProfessionalDoctorate",
    "QualityAssuranceCredential",
    "ResearchDoctorate",
    "SecondarySchoolDiploma",
    "Award",
    "Fieldwork",
    "Assignment",
  ].map((t) => t.toLowerCase()),
);

/** OBv3 ResultStatusType values that say the learner has the result; no status at all also counts. */
const ACHIEVED_RESULT_STATUSES = new Set(["completed"]);

const MAPPING_STRENGTH = { code: 3, url: 2, name: 1 } as const;

function fromAlignment(alignment: JsonObject, source: "alignment" | "result" = "alignment"): ExtractedSkill | null {
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
    source,
  };
}

function fromName(name: string | undefined, source: "achievement" | "tag"): ExtractedSkill | null {
  if (!name) return null;
  const described = describeSkillKey({ name });
  return described ? { key: described.key, label: name, mapping: "name", source } : null;
}

function achievementIsSkill(achievement: JsonObject, hasAlignments: boolean, isParent: boolean): boolean {
  const types = asArray(achievement.achievementType).filter((t): t is string => typeof t === "string");
  // OBv3 allows extension types written "ext:SomeType"
  const normalized = types.map((t) => t.replace(/^ext:/i, "").toLowerCase());
  if (normalized.includes("competency")) return true;
  if (hasAlignments || isParent) return false;
  return !normalized.some((t) => NON_SKILL_ACHIEVEMENT_TYPES.has(t));
}

/**
 * Merge skills that share a key or a target URL, keeping the strongest key and the first label. Each skill merges
 * into the first earlier entry with its key or its URL key, found through two indexes rather than by a scan: a
 * credential may carry thousands of alignments (25,000 took 42 s to scan pairwise).
 */
function deduplicate(skills: ExtractedSkill[]): ExtractedSkill[] {
  const result: ExtractedSkill[] = [];
  const urlKeys: Array<string | null> = [];
  const byKey = new Positions();
  const byUrlKey = new Positions();
  for (const skill of skills) {
    const urlKey = skill.targetUrl ? normalizeUrlKey(skill.targetUrl) : null;
    const index = earliest(byKey.first(skill.key), byUrlKey.first(urlKey));
    if (index === undefined) {
      byKey.add(skill.key, result.length);
      byUrlKey.add(urlKey, result.length);
      result.push(skill);
      urlKeys.push(urlKey);
      continue;
    }
    const existing = result[index] as ExtractedSkill;
    if (MAPPING_STRENGTH[skill.mapping] > MAPPING_STRENGTH[existing.mapping]) {
      byKey.move(existing.key, skill.key, index);
      byUrlKey.move(urlKeys[index] ?? null, urlKey, index);
      result[index] = { ...skill, label: existing.source === skill.source ? existing.label : skill.label };
      urlKeys[index] = urlKey;
    }
  }
  return result;
}

/** Where each value sits in a list, in ascending order, so the first position of a value is one lookup. */
class Positions {
  private readonly at = new Map<string, number[]>();
  first(value: string | null): number | undefined {
    return value === null ? undefined : this.at.get(value)?.[0];
  }
  add(value: string | null, position: number): void {
    if (value === null) return;
    const positions = this.at.get(value);
    if (!positions) this.at.set(value, [position]);
    else positions.splice(sortedIndex(positions, position), 0, position);
  }
  move(from: string | null, to: string | null, position: number): void {
    const positions = from === null ? undefined : this.at.get(from);
    const found = positions?.indexOf(position) ?? -1;
    if (positions && found >= 0) positions.splice(found, 1);
    if (positions?.length === 0) this.at.delete(from as string);
    this.add(to, position);
  }
}

function sortedIndex(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

const earliest = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

const alignmentsOf = (v: JsonObject) => asArray(v.alignment).filter(isObject);
const pushIf = (list: ExtractedSkill[], skill: ExtractedSkill | null) => {
  if (skill) list.push(skill);
};

/** Ids of CLR achievements that other achievements belong to: programmes, whose own names are not skills. */
function parentIds(associations: JsonObject[]): Set<string> {
  const parents = new Set<string>();
  for (const association of associations) {
    const type = text(association.associationType)?.toLowerCase();
    const source = idOf(association.sourceId);
    const target = idOf(association.targetId);
    if (type === "isparentof" && source) parents.add(source);
    if (type === "ischildof" && target) parents.add(target);
  }
  return parents;
}

function achievementSkills(achievement: JsonObject, isParent: boolean): ExtractedSkill[] {
  const skills: ExtractedSkill[] = [];
  const alignments = alignmentsOf(achievement);
  for (const alignment of alignments) pushIf(skills, fromAlignment(alignment));
  if (achievementIsSkill(achievement, alignments.length > 0, isParent)) {
    pushIf(skills, fromName(text(achievement.name), "achievement"));
  }
  // "tag" in Open Badges 3.0 and CLR 2.0, "tags" on an Open Badges 2.0 BadgeClass
  for (const tag of [...asArray(achievement.tag), ...asArray(achievement.tags)])
    pushIf(skills, fromName(text(tag), "tag"));
  return skills;
}

/** Skills a subject's results evidence: their own alignments and those of the result descriptions they name. */
function resultSkills(results: JsonObject[], achievements: JsonObject[]): ExtractedSkill[] {
  const descriptions = new Map<string, JsonObject>();
  for (const achievement of achievements) {
    for (const description of asArray(achievement.resultDescription).filter(isObject)) {
      const id = idOf(description);
      if (id) descriptions.set(id, description);
    }
  }
  const skills: ExtractedSkill[] = [];
  for (const result of results) {
    const status = text(result.status)?.toLowerCase();
    if (status !== undefined && !ACHIEVED_RESULT_STATUSES.has(status)) continue;
    const descriptionId = idOf(result.resultDescription);
    const description = descriptionId ? descriptions.get(descriptionId) : undefined;
    for (const alignment of [...alignmentsOf(result), ...(description ? alignmentsOf(description) : [])]) {
      pushIf(skills, fromAlignment(alignment, "result"));
    }
  }
  return skills;
}

/** The BadgeClass of an Open Badges 2.0 Assertion (embedded), or the document itself when it is one. */
function badgeClassOf(document: JsonObject): JsonObject | null {
  if (isObject(document.badge)) return document.badge;
  return typesOf(document).includes("BadgeClass") ? document : null;
}

/** Skills of an Open Badges 2.0 BadgeClass: `alignment[]`, `tags[]` and, as for OBv3, the name. */
export function extractBadgeClassSkills(badgeClass: unknown): ExtractedSkill[] {
  if (!isObject(badgeClass)) return [];
  return deduplicate(achievementSkills(badgeClass, false));
}

/**
 * Skills evidenced by an Open Badges 3.0 credential, a CLR 2.0 (its own achievement list), or an Open Badges
 * 2.0 Assertion with an embedded BadgeClass, deduplicated by canonical key. Never throws on odd JSON.
 */
export function extractSkills(credential: unknown): ExtractedSkill[] {
  if (!isObject(credential)) return [];
  const badgeClass = badgeClassOf(credential);
  if (badgeClass && credential.credentialSubject === undefined) return extractBadgeClassSkills(badgeClass);

  const skills: ExtractedSkill[] = [];
  for (const subject of asArray(credential.credentialSubject).filter(isObject)) {
    const achievements = asArray(subject.achievement).filter(isObject);
    const parents = parentIds(asArray(subject.association).filter(isObject));
    for (const achievement of achievements) {
      const id = idOf(achievement);
      skills.push(...achievementSkills(achievement, id !== undefined && parents.has(id)));
    }
    skills.push(...resultSkills(asArray(subject.result).filter(isObject), achievements));
  }
  return deduplicate(skills);
}

/**
 * At most this many `skills[]` entries are read from one résumé: the submission path refuses longer lists with a
 * sentence, and the cap keeps a re-check or an API call on a huge document cheap (deduplication is quadratic).
 */
export const MAX_SELF_ASSERTED_SKILLS = 200;

/** A skill a person claims about themselves: searchable, never verified, whatever document carried it. */
export type SelfAssertedSkill = Omit<ExtractedSkill, "source"> & { source: "resume"; selfAsserted: true };

/**
 * Skills listed in an LER-RS (HR Open Learning and Employment Record Resume) `skills[]`: always self-asserted,
 * even when the résumé arrives inside a signed credential, because a signature on a résumé proves who wrote it,
 * not that the skills are real. Entries may be strings or objects with a `name` (and, optionally, an identifier:
 * `targetCode`/`code`, `targetUrl`/`url` or a URL `id`, with `targetFramework`/`framework`), so a résumé that
 * cites ESCO gets the ESCO key. Never throws on odd JSON.
 */
export function extractSelfAssertedSkills(resume: unknown): SelfAssertedSkill[] {
  if (!isObject(resume)) return [];
  const subjects = asArray(resume.credentialSubject).filter(isObject);
  // Some wallets nest the résumé one level down, as the subject's `lerrsType`.
  const holders = [resume, ...subjects, ...subjects.map((subject) => subject.lerrsType).filter(isObject)];
  const entries = holders.flatMap((holder) => asArray(holder.skills)).slice(0, MAX_SELF_ASSERTED_SKILLS);
  const skills: ExtractedSkill[] = [];
  for (const entry of entries) {
    if (typeof entry === "string") {
      pushIf(skills, fromName(text(entry), "tag"));
      continue;
    }
    if (!isObject(entry)) continue;
    const name = text(entry.name) ?? text(entry.targetName);
    const url = text(entry.targetUrl) ?? text(entry.url) ?? (typeof entry.id === "string" ? entry.id : undefined);
    const alignment: AlignmentLike = {
      targetName: name,
      targetUrl: url,
      targetCode: text(entry.targetCode) ?? text(entry.code),
      targetFramework: text(entry.targetFramework) ?? text(entry.framework),
    };
    pushIf(skills, name || alignment.targetCode || url ? fromAlignment(alignment as JsonObject) : null);
  }
  return deduplicate(skills).map(({ source: _source, ...skill }) => ({
    ...skill,
    source: "resume",
    selfAsserted: true,
  }));
}
