import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { exchanges, type Exchange } from "#db/schema/index";
import { toOutcomeLine } from "./outcome-line";
import { storeVerifiedCredential, type CandidateDetails, type SubmitDeps } from "./submit.server";

const DAY = 86_400_000;

/**
 * Creates a request for a candidate's wallet: the VC-API exchange Attest serves, and the Learner Credential
 * Wallet link that opens it (`protocols.vcapi` names the exchange URL).
 */
export async function createExchange(db: Database, candidate: { name: string; email: string }, origin: string, now: Date) {
  const id = randomUUID();
  await db.insert(exchanges).values({
    id,
    challenge: randomBytes(18).toString("base64url"),
    candidateName: candidate.name,
    candidateEmail: candidate.email.toLowerCase(),
    createdAt: now,
    expiresAt: new Date(now.getTime() + 7 * DAY),
  });
  const exchangeUrl = new URL(`/exchanges/${id}`, origin).toString();
  const request = { credentialRequestOrigin: new URL(origin).origin, protocols: { vcapi: exchangeUrl } };
  return { id, exchangeUrl, walletLink: `https://lcw.app/request?request=${encodeURIComponent(JSON.stringify(request))}` };
}

export type ExchangeReply =
  | { status: 200; body: Record<string, unknown> }
  | { status: 400 | 404 | 410; body: { error: string; message: string } };

/**
 * One step of the exchange. A wallet first POSTs `{}` and gets a presentation request with the challenge;
 * then it POSTs `{ verifiablePresentation }`, which must be signed over that challenge and this origin's
 * domain. Each credential in it is stored for the candidate with its own report; a presentation whose holder
 * proof fails stores nothing.
 */
export async function continueExchange(
  deps: Pick<SubmitDeps, "db" | "verify" | "now" | "onCommitted">,
  id: string,
  body: unknown,
  origin: string,
): Promise<ExchangeReply> {
  const [exchange] = await deps.db.select().from(exchanges).where(eq(exchanges.id, id));
  if (!exchange) return { status: 404, body: { error: "not-found", message: "There is no such exchange." } };
  if (exchange.completedAt || exchange.expiresAt < deps.now()) {
    return { status: 410, body: { error: "gone", message: "This request has been answered or has expired; ask for a new one." } };
  }
  const domain = new URL(origin).host;
  const presentation = typeof body === "object" && body !== null ? (body as Record<string, unknown>).verifiablePresentation : undefined;
  if (presentation === undefined) return { status: 200, body: presentationRequest(exchange, domain) };

  const details: CandidateDetails = { name: exchange.candidateName, email: exchange.candidateEmail, consent: true };
  const report = await deps.verify(presentation, {
    input: "wallet presentation",
    challenge: exchange.challenge,
    domain,
    expectedHolder: { email: exchange.candidateEmail },
  });
  const holderProof = report.checks.find((c) => c.id === "proof");
  if (holderProof?.outcome !== "pass") {
    return {
      status: 400,
      body: { error: "presentation-not-accepted", message: holderProof?.message ?? "The presentation could not be checked." },
    };
  }
  const members = ([] as unknown[]).concat((presentation as Record<string, unknown>).verifiableCredential ?? []);
  const lines = [];
  for (const [index, member] of members.entries()) {
    const memberReport = report.credentials[index];
    if (!memberReport) continue;
    const raw = typeof member === "string" ? member : JSON.stringify(member);
    const outcome = await storeVerifiedCredential(deps, details, { raw, source: `wallet (item ${index + 1} of ${members.length})` }, memberReport);
    lines.push(toOutcomeLine(outcome));
  }
  await deps.db.update(exchanges).set({ completedAt: deps.now(), result: lines }).where(eq(exchanges.id, id));
  deps.onCommitted?.();
  return { status: 200, body: { results: lines.map(({ report: _report, ...line }) => line) } };
}

function presentationRequest(exchange: Exchange, domain: string) {
  return {
    verifiablePresentationRequest: {
      query: [
        { type: "DIDAuthentication", acceptedMethods: [{ method: "key" }, { method: "web" }, { method: "jwk" }] },
        {
          type: "QueryByExample",
          credentialQuery: {
            reason: `Attest asks ${exchange.candidateName} for the credentials they want an employer to see.`,
            example: { "@context": ["https://www.w3.org/ns/credentials/v2"], type: "VerifiableCredential" },
          },
        },
      ],
      challenge: exchange.challenge,
      domain,
    },
  };
}
