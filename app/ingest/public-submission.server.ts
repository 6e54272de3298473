import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Database } from "#db/client.server";
import type { Invitation } from "#db/schema/index";
import {
  countSubmissionsSince,
  getOpenInvitation,
  countSubmissionCredentials,
  getSubmissionByWithdrawHash,
  insertInvitation,
  insertSubmission,
} from "#db/queries/submissions.server";
import { candidateActor } from "#app/audit/audit.server";
import { queueConfirmationMail, requestFullErasure, type IdentityDeps } from "#app/identity/identity.server";
import { eraseSubmission } from "#app/retention/erasure.server";
import { toReceiptItem, type ReceiptItem } from "./receipt";
import { hashClientAddress } from "#app/auth/client-address.server";
import {
  submitItems,
  type CandidateDetails,
  type SubmissionInput,
  type SubmissionOutcome,
  type SubmitDeps,
} from "./submit.server";

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
export async function requireOpenInvitation(
  deps: { db: Database; now: () => Date },
  token: string,
): Promise<Invitation> {
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
  | { status: "done"; receipt: ReceiptItem[]; withdrawPath: string | null; confirmationMailed: boolean };

export type PublicSubmitDeps = SubmitDeps & Omit<IdentityDeps, "onCommitted"> & { rateLimits?: RateLimits };

/**
 * A candidate's submission through an invitation link: checks the link and the rate limits, runs the
 * submission use case into a pending record of the submission's own (an email typed into a form proves nothing,
 * decision 011), and records the submission with a secret withdrawal link (shown once, on the receipt) and a
 * confirmation mail to the address, which carries the receipt and the withdrawal link too.
 */
export async function submitThroughInvitation(
  deps: PublicSubmitDeps,
  request: { invitation: Invitation; clientAddress: string; details: CandidateDetails; inputs: SubmissionInput[] },
): Promise<PublicSubmissionResult> {
  const now = deps.now();
  const { invitation } = request;

  const limits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  const clientHash = await hashClientAddress(deps.db, request.clientAddress);
  const since = new Date(now.getTime() - HOUR);
  if ((await countSubmissionsSince(deps.db, { clientHash }, since)) >= limits.perClientPerHour) {
    return {
      status: "rate-limited",
      retryAfterSeconds: 3600,
      reason: "Too many submissions from your connection in the last hour.",
    };
  }
  if ((await countSubmissionsSince(deps.db, { invitationId: invitation.id }, since)) >= limits.perInvitationPerHour) {
    return {
      status: "rate-limited",
      retryAfterSeconds: 3600,
      reason: "This invitation link has received too many submissions in the last hour.",
    };
  }

  const submissionId = `sub_${randomUUID()}`;
  const pending = { kind: "pending" as const, candidateId: `cand_${randomUUID()}`, submissionId };
  const outcomes = await submitItems(deps, request.details, request.inputs, pending);
  return recordPublicSubmission(deps, {
    submissionId,
    candidateId: pending.candidateId,
    invitationId: invitation.id,
    clientHash,
    details: request.details,
    outcomes,
  });
}

/**
 * Records a public submission (form or wallet) after its items were stored: the submission row, its withdrawal
 * link and, when something was stored into a pending record, the confirmation mail, in one transaction.
 */
export async function recordPublicSubmission(
  deps: Pick<PublicSubmitDeps, "db" | "now" | "publicUrl" | "mailer">,
  submission: {
    submissionId: string;
    /** The record the items went into: pending (then a confirmation is mailed), or a candidate already proven. */
    candidateId: string;
    pending?: boolean;
    invitationId: string | null;
    clientHash: string;
    details: CandidateDetails;
    outcomes: SubmissionOutcome[];
  },
): Promise<Extract<PublicSubmissionResult, { status: "done" }>> {
  const receipt = submission.outcomes.map(toReceiptItem);
  const stored = submission.outcomes.some((o) => o.status === "stored");
  const withdrawToken = stored ? randomBytes(24).toString("base64url") : null;
  const withdrawPath = withdrawToken ? `/withdraw/${withdrawToken}` : null;
  const mailed = stored && submission.pending !== false;
  await deps.db.transaction(async (tx) => {
    await insertSubmission(tx, {
      id: submission.submissionId,
      candidateId: stored ? submission.candidateId : null,
      invitationId: submission.invitationId,
      clientHash: submission.clientHash,
      withdrawTokenHash: withdrawToken ? sha256(withdrawToken) : null,
      itemCount: submission.outcomes.length,
      receipt,
      createdAt: deps.now(),
    });
    if (mailed) {
      await queueConfirmationMail(tx, deps, {
        id: submission.submissionId,
        email: submission.details.email,
        name: submission.details.name,
        receipt,
        withdrawPath,
      });
    }
  });
  if (mailed) deps.mailer?.nudge();
  return { status: "done", receipt, withdrawPath, confirmationMailed: mailed };
}

/** What a withdrawal link withdraws, or null when the link is unknown or already used. */
export async function findWithdrawal(db: Database, token: string) {
  const submission = token ? await getSubmissionByWithdrawHash(db, sha256(token)) : null;
  if (!submission) return null;
  return {
    submissionId: submission.id,
    name: submission.name,
    credentials: await countSubmissionCredentials(db, submission.id),
    /** Whether the record's email is proven: only then may the link ask for everything under it to be erased. */
    emailConfirmed: submission.identity !== null && submission.identity !== "pending",
    email: submission.email,
  };
}

/**
 * Erases exactly what the submission behind a withdrawal link stored (decision 011), never another submission's
 * credentials; the audit trail records it without personal data.
 */
export async function withdrawSubmission(
  deps: Pick<SubmitDeps, "db" | "onCommitted">,
  token: string,
): Promise<boolean> {
  const found = await findWithdrawal(deps.db, token);
  if (!found) return false;
  const erased = await eraseSubmission(deps, found.submissionId, { actor: candidateActor() });
  return erased !== null;
}

/**
 * "Erase everything about me" from a withdrawal link: mails a one-time erasure link to the record's address
 * (never erases at once: the withdrawal link proves only that its holder sent this submission).
 */
export async function requestErasureFromWithdrawal(
  deps: IdentityDeps,
  token: string,
): Promise<"sent" | "already-sent" | "unknown"> {
  const found = await findWithdrawal(deps.db, token);
  if (!found?.email) return "unknown";
  return requestFullErasure(deps, found.email);
}
