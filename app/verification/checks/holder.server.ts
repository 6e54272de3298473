import { createHash, timingSafeEqual } from "node:crypto";
import type { CheckResult } from "../report";
import { asArray, asStrings, isObject, type JsonObject } from "./util";

export interface ExpectedHolder {
  email?: string;
  did?: string;
}

const EMAIL_IDENTITY_TYPES = new Set(["emailAddress", "email"]);

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function equalHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Does an Open Badges IdentityObject name this email? Plain identities compare case-insensitively;
 * hashed ones are "sha256$" + hex(sha256(email + salt)). Issuers differ on whether they lower-case the
 * address before hashing, so both the address as given and its lower-case form are tried.
 */
export function identityMatchesEmail(identity: JsonObject, email: string): boolean {
  const hash = typeof identity.identityHash === "string" ? identity.identityHash : undefined;
  if (!hash) return false;
  const wanted = email.trim();
  if (identity.hashed !== true) return hash.trim().toLowerCase() === wanted.toLowerCase();
  const [algorithm, digest] = hash.includes("$") ? hash.split("$", 2) : ["sha256", hash];
  if (algorithm?.toLowerCase() !== "sha256" || !digest) return false;
  const salt = typeof identity.salt === "string" ? identity.salt : "";
  return [...new Set([wanted, wanted.toLowerCase()])].some((candidate) =>
    equalHex(sha256Hex(candidate + salt), digest),
  );
}

/**
 * Holder binding: does the credential name the person who submitted it? Reported beside the verdict.
 * Compares a DID with `credentialSubject.id` and an email with the subject's email IdentityObjects.
 */
export function checkHolder(credential: JsonObject, expected: ExpectedHolder | undefined): CheckResult {
  const subjects = asArray(credential.credentialSubject).filter(isObject);
  const results: boolean[] = [];
  // What was compared with what. The submitter's email is not repeated here (the candidate page shows it); the
  // identifier's type, whether it is hashed, and its salt are what a reviewer needs to redo the comparison.
  const evidence: Record<string, string> = {};

  if (expected?.did) {
    const ids = subjects.map((s) => s.id).filter((id): id is string => typeof id === "string");
    evidence["Expected DID"] = expected.did;
    evidence["Subject id"] = ids.join(", ") || "none";
    if (ids.length > 0) results.push(ids.includes(expected.did));
  }
  if (expected?.email) {
    const identities = subjects
      .flatMap((s) => asArray(s.identifier))
      .filter(isObject)
      .filter((i) => asStrings(i.identityType).some((t) => EMAIL_IDENTITY_TYPES.has(t)));
    evidence.Compared = "the submitter's email address";
    evidence["Identifier type"] =
      identities.length > 0
        ? [...new Set(identities.flatMap((i) => asStrings(i.identityType)))].join(", ")
        : "none naming an email";
    const first = identities[0];
    if (first) {
      const hash = typeof first.identityHash === "string" ? first.identityHash : "";
      evidence.Hashed = first.hashed === true ? `yes (${hash.includes("$") ? hash.split("$", 1)[0] : "sha256"})` : "no";
      if (first.hashed === true && typeof first.salt === "string") evidence.Salt = first.salt;
    }
    if (identities.length > 0) results.push(identities.some((i) => identityMatchesEmail(i, expected.email as string)));
  }
  const withEvidence = Object.keys(evidence).length > 0 ? { evidence } : {};

  if (results.length === 0) {
    return {
      id: "holder",
      outcome: "not-applicable",
      code: "no-holder-binding",
      message:
        expected?.email || expected?.did
          ? "The credential does not name its holder in a way that can be compared with the submitter."
          : "No expected holder was given, so the holder was not compared.",
      ...withEvidence,
    };
  }
  if (results.every(Boolean)) {
    return {
      id: "holder",
      outcome: "pass",
      code: "holder-match",
      message: "The credential was issued to the person who submitted it.",
      ...withEvidence,
    };
  }
  return {
    id: "holder",
    outcome: "fail",
    code: "holder-mismatch",
    message: "The credential names a different person from the one who submitted it.",
    ...withEvidence,
  };
}
