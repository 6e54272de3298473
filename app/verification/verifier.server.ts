/**
 * The verifier the rest of Attest calls: submissions, the wallet exchange, the VC-API endpoints, re-checks and the
 * demo seed all take a {@link VerifyDocument}, made once per process by {@link createVerifier}.
 */
import { FetchRefusedError, type SafeFetch } from "#app/ingest/safe-fetch.server";
import { createDocumentLoader } from "./document-loader.server";
import type { VerifierReport } from "./report";
import type { TrustRegistry } from "./trust-registry";
import { createVerificationCache, verifyCredential, type FetchHosted } from "./verify.server";
import { verifyingResumes } from "./ler-rs-verify";

/** What a caller knows about a document it wants verified. */
export interface VerifyContext {
  /** What was verified: a file name, a URL or "pasted text". */
  input: string;
  /** Who submitted it: the email given, the DID that signed a wallet's presentation. */
  expectedHolder?: { email?: string; did?: string };
  /** The challenge and domain Attest issued for a presentation. */
  challenge?: string;
  domain?: string;
}

/**
 * Verifies one document (anything a candidate can submit) and reports on it. The report says what its skills are
 * read from; the caller that stores or shows it extracts them (app/skills/report-skills.ts).
 */
export type VerifyDocument = (document: unknown, context: VerifyContext) => Promise<VerifierReport>;

export interface VerifierDeps {
  /** Fetches keys (did:web), status lists and hosted Open Badges; without it, those checks say "could not check". */
  safeFetch?: SafeFetch;
  /** The trust registry as it is now (at most a few seconds old, so a re-check of every credential reads it
   * a handful of times, not once per credential). */
  trustRegistry?: () => Promise<TrustRegistry>;
}

/**
 * The one verification path for submissions, the seed and re-checks. Contexts and did:key are always local.
 * LER-RS résumés are reported as self-asserted here, so a re-check treats them exactly as the submission did.
 */
export function createVerifier(now: () => Date, deps: VerifierDeps = {}): VerifyDocument {
  const documentLoader = createDocumentLoader();
  // Re-checks of an unchanged credential skip the signature (validity and status are still checked).
  const cache = createVerificationCache();
  const { safeFetch } = deps;
  const fetchDocument = safeFetch ? async (url: string) => (await safeFetch(url)).json() : undefined;
  // Status lists are JSON (Bitstring Status List credentials) or a JWT as text (Token Status Lists, SD-JWT VC).
  const fetchStatusList = safeFetch
    ? async (url: string) => {
        const response = await safeFetch(url);
        return response.contentType.includes("json") ? response.json() : response.text();
      }
    : undefined;
  const fetchHosted: FetchHosted | undefined = safeFetch
    ? async (url) => {
        try {
          const response = await safeFetch(url);
          return { status: response.status, json: response.json() };
        } catch (error) {
          // An Open Badges 2.0 host answering 410 Gone means "revoked": the status matters, not the body.
          if (error instanceof FetchRefusedError && error.code === "http-status" && error.extra.status) {
            return { status: error.extra.status, json: null };
          }
          throw error;
        }
      }
    : undefined;
  const verify: VerifyDocument = async (document, context) =>
    verifyCredential(document, {
      ...context,
      documentLoader,
      cache,
      fetchDocument,
      fetchStatusList,
      fetchHosted,
      trustRegistry: deps.trustRegistry ? await deps.trustRegistry() : undefined,
      now: now(),
    });
  return verifyingResumes(verify, now);
}
