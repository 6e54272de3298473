import type { CheckResult } from "../report";

/** One issuer as a trust registry lists it. `registry` names the list, for the sentence a person reads. */
export interface TrustRegistryEntry {
  name: string;
  url?: string;
  registry: string;
}

/** An allow-list of issuers, injected so tests and deployments choose their own. */
export interface TrustRegistry {
  lookup(issuerId: string): TrustRegistryEntry | null;
}

/** The codes this check returns; a stored issuer check with one of these can be re-evaluated against a new registry. */
export const ISSUER_CHECK_CODES = ["no-registry", "not-listed", "listed"] as const;

/**
 * Issuer trust is an allow-list question, separate from the signature, and reported beside the verdict:
 * an unlisted issuer's credential can be perfectly genuine, so "not listed" is "could not confirm", not "fail".
 * The evidence names the registry entry that matched (or the issuer id that no entry matched), so a reviewer
 * can look the issuer up by hand.
 */
export function checkIssuer(issuerId?: string, registry?: TrustRegistry): CheckResult {
  if (!registry) {
    return {
      id: "issuer",
      outcome: "not-applicable",
      code: "no-registry",
      message:
        "No trusted-issuer registry is configured yet, so the issuer's identity has not been checked against one.",
      ...(issuerId ? { evidence: { Issuer: issuerId } } : {}),
    };
  }
  const entry = issuerId ? registry.lookup(issuerId) : null;
  if (!issuerId || !entry) {
    return {
      id: "issuer",
      outcome: "indeterminate",
      code: "not-listed",
      message:
        "The issuer is not on any trusted-issuer registry Attest consults, so who they are could not be confirmed independently.",
      ...(issuerId ? { evidence: { Issuer: issuerId } } : {}),
    };
  }
  return {
    id: "issuer",
    outcome: "pass",
    code: "listed",
    message: `The issuer is ${entry.name}, as listed in the ${entry.registry} registry of trusted issuers.`,
    evidence: {
      Issuer: issuerId,
      "Listed as": entry.name,
      Registry: entry.registry,
      ...(entry.url ? { Homepage: entry.url } : {}),
    },
  };
}
