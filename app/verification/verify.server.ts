/**
 * The verification use case: one report per input. The coordinator reads the document (JSON text, an enveloped
 * presentation), hands it to the first pipeline that recognises its format (pipelines/), and lets containers
 * (presentations, CLRs) verify their members through it again. Each pipeline runs format → proof → validity →
 * status, with issuer and holder reported beside the verdict, and says what its skills are read from; the code
 * that stores a report extracts them (app/skills/report-skills.ts).
 * The clock, the network (keys, status lists, hosted badges) and the trust registry are injected.
 */
import type { DocumentLoader } from "./document-loader.server";
import type { VerifierReport } from "./report";
import type { ProofFinding } from "./checks/proof.server";
import { envelopedPresentationJws } from "./checks/jwt.server";
import {
  failedFormatReport,
  type Pipeline,
  type PipelineContext,
  type VerificationCache,
  type VerifyCredentialOptions,
} from "./pipelines/shared.server";
import { dataIntegrityPipeline } from "./pipelines/data-integrity.server";
import { jwtCredentialPipeline } from "./pipelines/jwt.server";
import { sdJwtVcPipeline } from "./pipelines/sd-jwt-vc.server";
import { hostedOb2Pipeline, signedOb2Pipeline } from "./pipelines/ob2.server";
import { presentationJwtPipeline, presentationPipeline } from "./pipelines/presentation.server";

export type { FetchDocument } from "./key-resolver.server";
export type { FetchHosted } from "./checks/ob2-hosted.server";
export type { TrustRegistry } from "./checks/issuer";
export type { VerificationCache, VerifyCredentialOptions } from "./pipelines/shared.server";

/**
 * The pipelines in the order they are asked. Order matters where formats share a shape: a compact JWS is a signed
 * Open Badges 2.0 assertion, else a presentation, else a credential; the embedded-proof pipeline takes whatever is
 * left and refuses what is not a credential with a sentence.
 */
const PIPELINES: ReadonlyArray<Pipeline<never>> = [
  signedOb2Pipeline,
  presentationJwtPipeline,
  jwtCredentialPipeline,
  sdJwtVcPipeline,
  presentationPipeline,
  hostedOb2Pipeline,
  dataIntegrityPipeline,
] as ReadonlyArray<Pipeline<unknown>> as ReadonlyArray<Pipeline<never>>;

export function createVerificationCache(options: { maxEntries?: number } = {}): VerificationCache {
  const maxEntries = options.maxEntries ?? 50_000;
  const entries = new Map<string, { loader: DocumentLoader; finding: ProofFinding }>();
  const stats = { hits: 0, misses: 0, stored: 0 };
  return {
    get size() {
      return entries.size;
    },
    stats,
    clear: () => entries.clear(),
    lookup(key, loader) {
      const entry = entries.get(key);
      if (entry && entry.loader === loader) {
        stats.hits++;
        return entry.finding;
      }
      stats.misses++;
      return undefined;
    },
    store(key, loader, finding) {
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      entries.set(key, { loader, finding });
      stats.stored++;
    },
  };
}

/**
 * Verify one input and report on it: a credential (JSON-LD with embedded proofs, VC-JWT text, an SD-JWT VC or an
 * EnvelopedVerifiableCredential), a CLR 2.0, a verifiable presentation, or an Open Badges 2.0 assertion (hosted
 * or signed). Never throws for bad input: anything unusable yields a report whose format check failed, with a
 * sentence saying why.
 */
export async function verifyCredential(document: unknown, options: VerifyCredentialOptions): Promise<VerifierReport> {
  return verifyAt(document, options, 0);
}

/** The same as {@link verifyCredential}; the name says it takes any supported document. */
export const verifyDocument = verifyCredential;

/**
 * The report for a document refused for its size before it was read: JSON-LD processing grows faster than the
 * document, so a few megabytes can hold a process for many seconds.
 */
export function reportTooLarge(input: string, bytes: number, maxBytes: number, now = new Date()): VerifierReport {
  const size = (n: number) => `${Math.round(n / 100_000) / 10} MB`;
  return failedFormatReport(
    { input, credentials: [], checkedAt: now.toISOString() },
    {
      id: "format",
      outcome: "fail",
      code: "too-large",
      message: `The file is ${size(bytes)}; documents larger than ${size(maxBytes)} are not checked.`,
    },
  );
}

async function verifyAt(document: unknown, options: VerifyCredentialOptions, depth: number): Promise<VerifierReport> {
  const now = options.now ?? new Date();
  const base = { input: options.input, credentials: [], checkedAt: now.toISOString() };

  // JSON sent as text is read first (unless it is a JWT or an SD-JWT, which are text by nature).
  if (typeof document === "string" && document.trim().startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(document.trim());
    } catch {
      return failedFormatReport(base, {
        id: "format",
        outcome: "fail",
        code: "not-an-object",
        message: "This text is neither JSON nor a JSON Web Token.",
      });
    }
    return verifyAt(parsed, options, depth);
  }
  // An enveloped presentation is the JWT inside it.
  const presentationJws = envelopedPresentationJws(document);
  if (presentationJws !== null) return verifyAt(presentationJws, options, depth);

  const context: PipelineContext = {
    options,
    base,
    now,
    depth,
    verifyMember: (member, memberOptions) => verifyAt(member, memberOptions, depth + 1),
  };
  for (const pipeline of PIPELINES) {
    const recognized = pipeline.recognize(document);
    if (recognized !== null) return pipeline.verify(recognized as never, context);
  }
  throw new Error("The embedded-proof pipeline recognises every document; it must come last.");
}
