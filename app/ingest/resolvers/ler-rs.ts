/**
 * HR Open LER-RS (Learning and Employment Record Resume; "Trusted Career Profile" from 4.5 on): recognising a
 * résumé, checking the parts Attest reads, and finding the credentials embedded in it. Pure: JSON in, values out.
 *
 * A résumé arrives bare (`{ "type": "…/LER-RSType.json", "person": …, "skills": […], … }`) or wrapped in a
 * verifiable credential whose `type` names it ("LERRS", "LER-RS", "TrustedCareerProfileCredential" or a schema
 * URL) with the résumé as `credentialSubject`. Either way its `skills[]` are the candidate's own statement
 * (docs/decisions/009-ler-rs.md). Third-party trust lives only in the credentials embedded under `verifications[]`
 * of its sections (employment histories, education and learnings, licences, certifications, skills): each is
 * submitted as an item of its own and verified on its own.
 */
import { MAX_SELF_ASSERTED_SKILLS } from "#app/skills/extract";
import { failure, type ResolvedItem } from "./resolved-item";

type JsonObject = Record<string, unknown>;

/** More is keyword stuffing, not a résumé; a clear refusal beats silently reading part of it. */
export const MAX_RESUME_SKILLS = MAX_SELF_ASSERTED_SKILLS;
/** Entries per section (employment histories, …). */
export const MAX_RESUME_SECTION_ENTRIES = 200;
export const MAX_SKILL_NAME_LENGTH = 200;

/** The sections whose entries may carry `verifications[]`, with the words a candidate reads. */
const SECTIONS = [
  ["employmentHistories", "employment history"],
  ["educationAndLearnings", "education"],
  ["licenses", "licence"],
  ["certifications", "certification"],
  ["skills", "skill"],
] as const;

const RESUME_SECTION_KEYS = [
  "skills",
  "employmentHistories",
  "educationAndLearnings",
  "narratives",
  "certifications",
  "licenses",
];

const TYPE_TOKENS = new Set([
  "lerrs",
  "ler-rs",
  "lerrscredential",
  "ler-rscredential",
  "trustedcareerprofile",
  "trustedcareerprofilecredential",
]);

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const toArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const typesOf = (v: JsonObject): string[] => toArray(v.type).filter((t): t is string => typeof t === "string");

/** "LERRS", "LER-RS", "TrustedCareerProfileCredential", or an HR Open schema URL naming the LER-RS / TCP type. */
export function isLerRsType(type: string): boolean {
  const lower = type.trim().toLowerCase();
  if (TYPE_TOKENS.has(lower)) return true;
  return (
    /^https?:\/\/(?:www\.)?(?:schema\.)?hropen(?:standards|tech)\.org\//.test(lower) &&
    /(?:ler-rs|lerrs|trustedcareerprofile)[^/]*type\.json$/.test(lower)
  );
}

/**
 * "resume" for a bare LER-RS document, "credential" for one wrapped in a verifiable credential, null for
 * anything else. A bare résumé names an LER-RS type, or (the type is required but often missing) has no
 * `@context`, a `person` object and at least one résumé section.
 */
export function lerRsKind(value: unknown): "resume" | "credential" | null {
  if (!isObject(value)) return null;
  const types = typesOf(value);
  if (types.includes("VerifiablePresentation")) return null;
  if (types.includes("VerifiableCredential")) {
    if (types.some(isLerRsType)) return "credential";
    const subject = toArray(value.credentialSubject).find(isObject);
    return subject &&
      (typesOf(subject).some(isLerRsType) ||
        (isObject(subject.lerrsType) && typesOf(subject.lerrsType).some(isLerRsType)))
      ? "credential"
      : null;
  }
  if (types.some(isLerRsType)) return "resume";
  const looksLikeOne =
    !("@context" in value) && isObject(value.person) && RESUME_SECTION_KEYS.some((key) => key in value);
  return looksLikeOne ? "resume" : null;
}

/** The résumé itself: the document, or the subject of the credential that wraps it. */
export function resumeBody(value: unknown): JsonObject | null {
  const kind = lerRsKind(value);
  if (kind === "resume") return value as JsonObject;
  if (kind !== "credential") return null;
  const subject = toArray((value as JsonObject).credentialSubject).find(isObject);
  if (!subject) return null;
  return isObject(subject.lerrsType) && !typesOf(subject).some(isLerRsType) ? subject.lerrsType : subject;
}

function describeType(value: unknown): string {
  if (value === null) return "empty (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/**
 * What is wrong with the parts of a résumé Attest reads, as phrases a candidate can act on; empty when
 * nothing is. Only the shape is judged (lists where lists belong, names that are text, sizes): the content is
 * the candidate's to write.
 */
export function checkResumeShape(body: JsonObject): string[] {
  const problems: string[] = [];
  if ("person" in body && !isObject(body.person))
    problems.push(`“person” should be an object, but it is ${describeType(body.person)}`);
  if ("skills" in body) problems.push(...checkSkills(body.skills));
  for (const [key, words] of SECTIONS) {
    if (key === "skills" || !(key in body)) continue;
    const entries = body[key];
    if (!Array.isArray(entries)) {
      problems.push(`“${key}” should be a list, but it is ${describeType(entries)}`);
      continue;
    }
    if (entries.length > MAX_RESUME_SECTION_ENTRIES) {
      problems.push(
        `“${key}” has ${entries.length.toLocaleString("en")} entries; at most ${MAX_RESUME_SECTION_ENTRIES} are read`,
      );
      continue;
    }
    entries.forEach((entry, i) => {
      if (!isObject(entry)) problems.push(`${words} ${i + 1} should be an object, but it is ${describeType(entry)}`);
      else problems.push(...checkVerifications(entry, `${words} ${i + 1}`));
    });
  }
  if ("verifications" in body) problems.push(...checkVerifications(body, "the résumé"));
  return problems;
}

function checkSkills(skills: unknown): string[] {
  if (!Array.isArray(skills)) return [`“skills” should be a list of skills, but it is ${describeType(skills)}`];
  if (skills.length > MAX_RESUME_SKILLS) {
    return [`it lists ${skills.length.toLocaleString("en")} skills; at most ${MAX_RESUME_SKILLS} are accepted`];
  }
  const problems: string[] = [];
  skills.forEach((skill, i) => {
    const where = `skill ${i + 1}`;
    if (typeof skill === "string") {
      if (skill.length > MAX_SKILL_NAME_LENGTH)
        problems.push(`${where} is longer than ${MAX_SKILL_NAME_LENGTH} characters`);
      return;
    }
    if (!isObject(skill)) {
      problems.push(`${where} should be a name or an object with a “name”, but it is ${describeType(skill)}`);
      return;
    }
    if ("name" in skill && typeof skill.name !== "string") {
      problems.push(`${where} has a “name” that is ${describeType(skill.name)}, not text`);
    } else if (typeof skill.name === "string" && skill.name.length > MAX_SKILL_NAME_LENGTH) {
      problems.push(`${where} has a name longer than ${MAX_SKILL_NAME_LENGTH} characters`);
    }
    problems.push(...checkVerifications(skill, where));
  });
  return problems;
}

function checkVerifications(holder: JsonObject, where: string): string[] {
  if (!("verifications" in holder) || Array.isArray(holder.verifications) || isObject(holder.verifications)) return [];
  return [
    `the “verifications” of ${where} should be a list of credentials, but it is ${describeType(holder.verifications)}`,
  ];
}

export interface EmbeddedCredential {
  /** A credential (JSON object, compact JWT or envelope) as the résumé holds it. */
  value: unknown;
  /** Where it sits, in words: "employment history 2, verification 1". */
  where: string;
}

/**
 * The credentials held in `verifications[]`: on the résumé itself and on each entry of its sections. HR Open's
 * VerificationType is one of `org` (an organisation to contact), `ref` (a reference elsewhere) or `other` (a
 * credential); the first two are not credentials and are left for HR to follow up. A credential placed directly
 * in the list (as LearnCard and others do) is taken as it is. Sections of the wrong shape are skipped here:
 * {@link checkResumeShape} reports them.
 */
export function findEmbeddedCredentials(body: JsonObject): { credentials: EmbeddedCredential[]; references: number } {
  const credentials: EmbeddedCredential[] = [];
  let references = 0;
  const collect = (holder: JsonObject, where: string) => {
    toArray(holder.verifications).forEach((verification, j) => {
      const label = `${where}verification ${j + 1}`;
      if (isObject(verification) && !("type" in verification) && !("@context" in verification)) {
        if ("other" in verification) credentials.push({ value: verification.other, where: label });
        else references++;
        return;
      }
      credentials.push({ value: verification, where: label });
    });
  };
  if (Array.isArray(body.verifications) || isObject(body.verifications)) collect(body, "");
  for (const [key, words] of SECTIONS) {
    const entries = body[key];
    if (!Array.isArray(entries) || entries.length > (key === "skills" ? MAX_RESUME_SKILLS : MAX_RESUME_SECTION_ENTRIES))
      continue;
    entries.forEach((entry, i) => {
      if (isObject(entry) && (Array.isArray(entry.verifications) || isObject(entry.verifications)))
        collect(entry, `${words} ${i + 1}, `);
    });
  }
  return { credentials, references };
}

/** Reads one credential-like entry into items (the resolver's own reader, passed in to keep this module pure). */
export type ReadEntry = (entry: unknown, raw: string, source: string) => ResolvedItem[];

/**
 * The items of an LER-RS document: the résumé itself (kind "ler-rs", whose skills are recorded as claimed), or
 * a refusal saying what is wrong with it; then every embedded credential as an item of its own, so that one
 * bad part never loses the others.
 */
export function itemsFromLerRs(value: JsonObject, raw: string, source: string, readEntry: ReadEntry): ResolvedItem[] {
  const body = resumeBody(value);
  if (!body)
    return [
      failure(
        source,
        "invalid-resume",
        "This résumé has no content Attest can read: its credentialSubject is missing.",
      ),
    ];
  const problems = checkResumeShape(body);
  const resume: ResolvedItem = problems.length
    ? failure(
        source,
        "invalid-resume",
        `This résumé could not be read, so none of its skills were recorded: ${problems.slice(0, 3).join("; ")}${
          problems.length > 3 ? `; and ${problems.length - 3} more` : ""
        }. Fix it and submit it again.`,
      )
    : { ok: true, kind: "ler-rs", document: value, source, raw };
  const embedded = findEmbeddedCredentials(body).credentials.flatMap(({ value: credential, where }) =>
    // Not read recursively: a résumé nested in a résumé, thousands deep, would cost time and stack for nothing.
    lerRsKind(credential)
      ? [
          failure(
            `${source} › ${where}`,
            "invalid-resume",
            "A résumé inside a résumé is not read; submit it on its own.",
          ),
        ]
      : readEmbedded(credential, `${source} › ${where}`, readEntry),
  );
  return [resume, ...embedded];
}

function readEmbedded(credential: unknown, source: string, readEntry: ReadEntry): ResolvedItem[] {
  let raw: string;
  try {
    raw = typeof credential === "string" ? credential : JSON.stringify(credential);
  } catch {
    // JSON.stringify recurses: thousands of levels overflow the stack. No real credential is that deep.
    return [failure(source, "invalid-resume", "This credential is nested too deeply to be read.")];
  }
  return readEntry(credential, raw, source);
}
