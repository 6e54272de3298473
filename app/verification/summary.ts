import type { CredentialSummary } from "./report";
import { asArray, asStrings, idOf, isObject, textOf, type JsonObject } from "./checks/util";

/** What a person sees about a credential: taken as written, before and regardless of verification. */
export function summarizeCredential(credential: JsonObject): CredentialSummary {
  const types = asStrings(credential.type);
  const format: CredentialSummary["format"] =
    types.includes("OpenBadgeCredential") || types.includes("AchievementCredential")
      ? "obv3"
      : types.includes("ClrCredential")
        ? "clr"
        : types.includes("VerifiableCredential")
          ? "vc"
          : "unknown";

  const issuer = credential.issuer;
  const subject = asArray(credential.credentialSubject).find(isObject);
  const achievement = subject ? asArray(subject.achievement).find(isObject) : undefined;
  const achievementType = achievement ? asStrings(achievement.achievementType)[0] : undefined;

  const summary: CredentialSummary = { types, format };
  const set = <K extends keyof CredentialSummary>(key: K, value: CredentialSummary[K] | undefined) => {
    if (value !== undefined) summary[key] = value;
  };
  set("id", typeof credential.id === "string" ? credential.id : undefined);
  set("issuerId", idOf(issuer));
  set("issuerName", isObject(issuer) ? textOf(issuer.name) : undefined);
  set("achievementName", achievement ? textOf(achievement.name) : (textOf(credential.name) ?? undefined));
  set("achievementType", achievementType);
  set("subjectId", subject && typeof subject.id === "string" ? subject.id : undefined);
  const validFrom = credential.validFrom ?? credential.issuanceDate;
  const validUntil = credential.validUntil ?? credential.expirationDate;
  set("validFrom", typeof validFrom === "string" ? validFrom : undefined);
  set("validUntil", typeof validUntil === "string" ? validUntil : undefined);
  return summary;
}
