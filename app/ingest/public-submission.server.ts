import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Database } from "#db/client.server";
import type { Invitation } from "#db/schema/index";
import {
  countSubmissionsSince,
  getOpenInvitation,
  getSubmissionByWithdrawHash,
  insertInvitation,
  insertSubmission,
} from "#db/queries/submissions.server";
import { candidateActor } from "#app/audit/audit.server";
import { eraseCandidate } from "#app/retention/erasure.server";
import { toReceiptItem, type ReceiptItem } from "./receipt";
import { hashClientAddress } from "#app/auth/client-address.server";
import { submitItems, type CandidateDetails, type SubmissionInput, type SubmitDeps } from "./submit.server";

export interface RateLimits {
  /** Submissions from one client address per hour. */
  perClientPerHour: number;
  /** Submissions through one invitation per hour. */
  perInvitationPerHour: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { perClientPerHour: 20, perInvitationPerHour: 500 };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const HOUR = 60 * 60 * 1000;

/** Creates an invitation link for a job opening or campaign; the token is the secret in its URL. */
export async function createInvitation(db: Database, title: string, expiresAt?: Date) {
  const token = randomBytes(18).toString("base64url");
  await insertInvitation(db, { id: `inv_${randomUUID()}`, token, title, expiresAt: expiresAt ?? null });
  return { token, path: `/submit/${token}` };
}

/** The open invitation behind a link, or a thrown 404 that tells the candidate what to do. */
export async function requireOpenInvitation(deps: { db: Database; now: () => Date }, token: string): Promise<Invitation> {
  const invitation = await getOpenInvitation(deps.db, token, deps.now());
  if (!invitation) {
    throw new Response("This invitation link is not valid any more. Ask the employer for a new one.", {
      status: 404,
      statusText: "Invitation not found",
    });
  }
  return invitation;
}

export type PublicSubmissionResult =
  | { status: "rate-limited"; retryAfterSeconds: number; reason: string }
  | { status: "done"; receipt: ReceiptItem[]; withdrawPath: string | null };

/**
 * A candidate's submission through an invitation link: checks the link and the rate limits, runs the
 * submission use case, and records the submission with a secret withdrawal link (shown once, on the receipt).
 */
export async function submitThroughInvitation(
  deps: SubmitDeps & { rateLimits?: RateLimits },
  request: { invitation: Invitation; clientAddress: string; details: CandidateDetails; inputs: SubmissionInput[] },
): Promise<PublicSubmissionResult> {
  const now = deps.now();
  const { invitation } = request;

  const limits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  const clientHash = await hashClientAddress(deps.db, request.clientAddress);
  const since = new Date(now.getTime() - HOUR);
  if ((await countSubmissionsSince(deps.db, { clientHash }, since)) >= limits.perClientPerHour) {
    return { status: "rate-limited", retryAfterSeconds: 3600, reason: "Too many submissions from your connection in the last hour." };
  }
  if ((await countSubmissionsSince(deps.db, { invitationId: invitation.id }, since)) >= limits.perInvitationPerHour) {
    return { status: "rate-limited", retryAfterSeconds: 3600, reason: "This invitation link has received too many submissions in the last hour." };
  }

  const outcomes = await submitItems(deps, request.details, request.inputs);
  const receipt = outcomes.map(toReceiptItem);
  const stored = outcomes.find((o) => o.status === "stored");
  const withdrawToken = stored ? randomBytes(24).toString("base64url") : null;
  await insertSubmission(deps.db, {
    id: `sub_${randomUUID()}`,
    candidateId: stored?.status === "stored" ? stored.candidateId : null,
    invitationId: invitation.id,
    clientHash,
    withdrawTokenHash: withdrawToken ? sha256(withdrawToken) : null,
    itemCount: outcomes.length,
    receipt,
    createdAt: now,
  });
  return { status: "done", receipt, withdrawPath: withdrawToken ? `/withdraw/${withdrawToken}` : null };
}

/** Who a withdrawal link belongs to, or null when the link is unknown or already used. */
export async function findWithdrawal(db: Database, token: string) {
  const submission = await getSubmissionByWithdrawHash(db, sha256(token));
  return submission?.candidateId ? { candidateId: submission.candidateId, name: submission.name } : null;
}

/**
 * Deletes everything Attest holds about the candidate behind a withdrawal link, index included; the audit trail
 * keeps a tombstone (candidate id, reason, credential count) without their address or any other personal data.
 */
export async function withdrawCandidate(deps: Pick<SubmitDeps, "db" | "onCommitted">, token: string): Promise<boolean> {
  const found = await findWithdrawal(deps.db, token);
  if (!found) return false;
  const erased = await eraseCandidate(deps, found.candidateId, { actor: candidateActor(), reason: "withdrawn" });
  return erased !== null;
}
