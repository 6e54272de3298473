import { createHash, randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { findCandidateByProvenDid } from "#db/queries/identity.server";
import type { CandidateTarget } from "#db/queries/store-credential.server";
import { exchanges, invitations, type Exchange } from "#db/schema/index";
import type { IdentityDeps } from "#app/identity/identity.server";
import { toOutcomeLine } from "./outcome-line";
import { recordPublicSubmission } from "./public-submission.server";
import { storeVerifiedCredential, type CandidateDetails, type SubmitDeps } from "./submit.server";

const DAY = 86_400_000;

/**
 * Creates a request for a candidate's wallet: the VC-API exchange Attest serves, and the Learner Credential
 * Wallet link that opens it (`protocols.vcapi` names the exchange URL).
 */
export async function createExchange(
  db: Database,
  candidate: { name: string; email: string },
  origin: string,
  now: Date,
  /** The invitation (job or purpose) the request is made for: what the wallet sends counts towards it. */
  options: { invitationId?: string } = {},
) {
  const id = randomUUID();
  await db.insert(exchanges).values({
    id,
    challenge: randomBytes(18).toString("base64url"),
    candidateName: candidate.name,
    candidateEmail: candidate.email.toLowerCase(),
    createdAt: now,
    expiresAt: new Date(now.getTime() + 7 * DAY),
    invitationId: options.invitationId ?? null,
  });
  const exchangeUrl = new URL(`/exchanges/${id}`, origin).toString();
  const request = { credentialRequestOrigin: new URL(origin).origin, protocols: { vcapi: exchangeUrl } };
  return {
    id,
    exchangeUrl,
    walletLink: `https://lcw.app/request?request=${encodeURIComponent(JSON.stringify(request))}`,
  };
}

export type ExchangeReply =
  | { status: 200; body: Record<string, unknown> }
  | { status: 400 | 404 | 410; body: { error: string; message: string } };

/**
 * One step of the exchange. A wallet first POSTs `{}` and gets a presentation request with the challenge;
 * then it POSTs `{ verifiablePresentation }`, which must be signed over that challenge and this origin's
 * domain. Each credential in it is stored with its own report; a presentation whose holder proof fails stores
 * nothing. The wallet proves its DID, not the email staff typed into the request (anyone holding the link can
 * answer it), so the credentials join the candidate known under that email only when that candidate proved the
 * same DID before; otherwise they are a pending record of their own until the confirmation mailed to the
 * address is followed (decision 011).
 */
export async function continueExchange(
  deps: Pick<SubmitDeps, "db" | "verify" | "now" | "onCommitted"> & Pick<IdentityDeps, "publicUrl" | "mailer">,
  id: string,
  body: unknown,
  origin: string,
): Promise<ExchangeReply> {
  const [found] = await deps.db
    .select({ exchange: exchanges, invitation: { closedAt: invitations.closedAt, expiresAt: invitations.expiresAt } })
    .from(exchanges)
    .leftJoin(invitations, eq(invitations.id, exchanges.invitationId))
    .where(eq(exchanges.id, id));
  if (!found) return { status: 404, body: { error: "not-found", message: "There is no such exchange." } };
  const { exchange, invitation } = found;
  if (exchange.completedAt || exchange.expiresAt < deps.now()) {
    return {
      status: 410,
      body: { error: "gone", message: "This request has been answered or has expired; ask for a new one." },
    };
  }
  // A request made for an invitation stops with it, as the invitation's submission page does.
  if (invitation && (invitation.closedAt || (invitation.expiresAt && invitation.expiresAt <= deps.now()))) {
    return {
      status: 410,
      body: {
        error: "gone",
        message: "The employer no longer takes credentials for the job this request was for; ask them for a new one.",
      },
    };
  }
  const domain = new URL(origin).host;
  const presentation =
    typeof body === "object" && body !== null ? (body as Record<string, unknown>).verifiablePresentation : undefined;
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
      body: {
        error: "presentation-not-accepted",
        message: holderProof?.message ?? "The presentation could not be checked.",
      },
    };
  }
  const signer = holderProof.evidence?.Signer;
  const submissionId = `sub_${randomUUID()}`;
  const known = signer ? await findCandidateByProvenDid(deps.db, exchange.candidateEmail, signer) : null;
  const target: CandidateTarget = known
    ? { kind: "existing", candidateId: known.id, submissionId }
    : { kind: "pending", candidateId: `cand_${randomUUID()}`, submissionId };
  const members = ([] as unknown[]).concat((presentation as Record<string, unknown>).verifiableCredential ?? []);
  const outcomes = [];
  for (const [index, member] of members.entries()) {
    const memberReport = report.credentials[index];
    if (!memberReport) continue;
    const raw = typeof member === "string" ? member : JSON.stringify(member);
    const source = `wallet (item ${index + 1} of ${members.length})`;
    outcomes.push(
      await storeVerifiedCredential(deps, details, { raw, source }, memberReport, {
        target,
        ...(signer ? { holderDid: signer } : {}),
      }),
    );
  }
  const recorded = await recordPublicSubmission(deps, {
    submissionId,
    candidateId: target.candidateId,
    pending: target.kind === "pending",
    invitationId: exchange.invitationId,
    clientHash: createHash("sha256").update(`wallet exchange ${id}`).digest("hex"),
    details,
    outcomes,
  });
  const lines = outcomes.map(toOutcomeLine);
  await deps.db.update(exchanges).set({ completedAt: deps.now(), result: lines }).where(eq(exchanges.id, id));
  deps.onCommitted?.();
  return {
    status: 200,
    body: {
      results: lines.map(({ report: _report, ...line }) => line),
      // The wallet's user reads this: where the credentials went, and what is left to do.
      emailConfirmation: recorded.confirmationMailed
        ? "mailed"
        : known
          ? "not needed: the holder's DID is known"
          : "not needed",
    },
  };
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
