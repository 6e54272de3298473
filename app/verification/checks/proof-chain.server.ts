/**
 * Proof chains (VC Data Integrity 1.0, section 4.5, "Verify Proof Sets and Chains"). A proof that names earlier
 * proofs in `previousProof` signs the document together with those proofs, so that it vouches for the earlier
 * signatures too and none of them can be dropped or swapped unnoticed. As for any proof on a credential, each must be
 * the issuer's (the vc library's issuance purpose), so a chain adds order, not other signers.
 * jsonld-signatures 11 verifies every proof over the document without any proof (a proof set), which would call
 * every chained proof a bad signature; chained proofs are therefore verified here, suite by suite, on the
 * libraries' own (reference) suites. Proofs without `previousProof` still go through the vc library as before.
 */
import * as vc from "@digitalbazaar/vc";
import type { DocumentLoader } from "../document-loader.server";
import { asArray, type JsonObject } from "./util";

/** What is wrong with the shape of a chain, as a sentence; null when every reference resolves and none loops. */
export function describeChainProblem(proofs: JsonObject[]): string | null {
  const byId = new Map<string, JsonObject>();
  for (const proof of proofs) {
    if (proof.id === undefined) continue;
    if (typeof proof.id !== "string" || !proof.id) return "A proof has an id that is not a non-empty string.";
    if (byId.has(proof.id)) return `Two proofs share the id ${proof.id}, so a chain cannot say which one it covers.`;
    byId.set(proof.id, proof);
  }
  for (const proof of proofs) {
    if (proof.previousProof === undefined) continue;
    const previous = asArray(proof.previousProof);
    if (previous.length === 0 || previous.some((id) => typeof id !== "string" || !id)) {
      return "A proof's previousProof is not a proof id or a list of them.";
    }
    for (const id of previous as string[]) {
      if (id === proof.id) return `The proof ${id} names itself as its previous proof.`;
      if (!byId.has(id))
        return `A proof chains to ${id}, which is not among the credential's proofs: it was removed or never there.`;
    }
  }
  // A loop (A → B → A) has no proof a chain could start from: walk each chain and refuse one that comes back.
  const previousOf = (proof: JsonObject) =>
    asArray(proof.previousProof).filter((id): id is string => typeof id === "string");
  const visiting = new Set<string>();
  const done = new Set<string>();
  const loops = (id: string): boolean => {
    if (done.has(id)) return false;
    if (visiting.has(id)) return true;
    visiting.add(id);
    const looped = previousOf(byId.get(id) as JsonObject).some(loops);
    visiting.delete(id);
    done.add(id);
    return looped;
  };
  for (const id of byId.keys()) if (loops(id)) return "The proofs' previousProof references go round in a loop.";
  return null;
}

export function isChained(proof: JsonObject): boolean {
  return proof.previousProof !== undefined;
}

interface MatchingSuite {
  matchProof(options: { proof: JsonObject; document: JsonObject; documentLoader: DocumentLoader }): Promise<boolean>;
  verifyProof(
    options: Record<string, unknown>,
  ): Promise<{ verified: boolean; verificationMethod?: unknown; error?: unknown }>;
}

/** One result per chained proof, in the shape jsonld-signatures gives for the others (so one code reads both). */
export async function verifyChainedProofs(
  document: JsonObject,
  proofs: JsonObject[],
  suites: readonly unknown[],
  documentLoader: DocumentLoader,
): Promise<Array<{ proof: JsonObject; verified: boolean; error?: unknown }>> {
  const { proof: _proofs, ...unsecured } = document;
  const chained = proofs.filter(isChained);
  return Promise.all(
    chained.map(async (proof) => {
      const previous = new Set(asArray(proof.previousProof));
      const matching = proofs.filter((p) => previous.has(p.id));
      // As jsonld-signatures does for proof sets: an RDF proof is read in the document's context; a JCS one as is.
      const cryptosuite = typeof proof.cryptosuite === "string" ? proof.cryptosuite : "";
      const inContext = cryptosuite.includes("-jcs-") ? proof : { "@context": document["@context"], ...proof };
      const purpose = new vc.CredentialIssuancePurpose({
        maxClockSkew: Number.POSITIVE_INFINITY,
      } as never) as unknown as {
        match(proof: JsonObject, options: Record<string, unknown>): Promise<boolean>;
        validate(proof: JsonObject, options: Record<string, unknown>): Promise<{ valid: boolean; error?: unknown }>;
      };
      try {
        if (!(await purpose.match(inContext, { document: unsecured, documentLoader }))) {
          // Not an issuer's proof: left unmatched, so the caller reports its purpose as it does for any proof.
          return {
            proof,
            verified: false,
            error: Object.assign(new Error("unmatched purpose"), { name: "NotFoundError" }),
            unmatched: true,
          };
        }
        let suite: MatchingSuite | undefined;
        for (const candidate of suites as MatchingSuite[]) {
          if (await candidate.matchProof({ proof: inContext, document: unsecured, documentLoader })) {
            suite = candidate;
            break;
          }
        }
        if (!suite) return { proof, verified: false, unmatched: true };
        const securedByPrevious = { ...unsecured, proof: matching };
        const result = await suite.verifyProof({
          proof: inContext,
          document: securedByPrevious,
          purpose,
          proofSet: proofs,
          documentLoader,
        });
        if (!result.verified) return { proof, verified: false, error: result.error };
        const validated = await purpose.validate(inContext, {
          document: unsecured,
          suite,
          verificationMethod: result.verificationMethod,
          documentLoader,
        });
        return validated.valid ? { proof, verified: true } : { proof, verified: false, error: validated.error };
      } catch (error) {
        return { proof, verified: false, error };
      }
    }),
  ).then((results) => results.filter((r) => !("unmatched" in r && r.unmatched)));
}
