import type { Database } from "#db/client.server";
import {
  confirmPendingCandidate,
  countEmailLinksSince,
  listCandidateIdsByEmail,
  useEmailLink,
} from "#db/queries/identity.server";
import { queueMail } from "#db/queries/mail.server";
import { getSubmissionCandidate } from "#db/queries/submissions.server";
import { candidateActor, recordAudit } from "#app/audit/audit.server";
import type { ReceiptItem } from "#app/ingest/receipt";
import { eraseCandidate } from "#app/retention/erasure.server";
import {
  findUsableLink,
  issueEmailLink,
  LINK_LIFETIME_HOURS,
  LINK_PROBLEMS,
  type LinkProblem,
} from "./email-links.server";
import { confirmationMail, eraseAllMail } from "./mail-texts";

export interface IdentityDeps {
  db: Database;
  now: () => Date;
  /** The origin mailed links point to (ATTEST_PUBLIC_URL), never a request's Host header, which a stranger sets. */
  publicUrl: string;
  /** Told after a commit that queued mail. */
  mailer?: { nudge(): void };
  /** Told after a commit that changed what the index shows. */
  onCommitted?: () => void;
}

/**
 * Queues the confirmation mail of a public submission (inside the caller's transaction): the one-time link that
 * proves the address, with the receipt and the withdrawal link, so a candidate who closed the tab can still
 * withdraw.
 */
export async function queueConfirmationMail(
  tx: Database,
  deps: Pick<IdentityDeps, "now" | "publicUrl">,
  submission: { id: string; email: string; name: string; receipt: ReceiptItem[]; withdrawPath: string | null },
): Promise<void> {
  const now = deps.now();
  const token = await issueEmailLink(
    tx,
    { purpose: "confirm", email: submission.email, submissionId: submission.id },
    now,
  );
  const mail = confirmationMail({
    name: submission.name,
    receipt: submission.receipt,
    confirmUrl: new URL(`/confirm/${token}`, deps.publicUrl).toString(),
    withdrawUrl: submission.withdrawPath ? new URL(submission.withdrawPath, deps.publicUrl).toString() : null,
    expiresInDays: LINK_LIFETIME_HOURS.confirm / 24,
  });
  await queueMail(tx, { to: submission.email, ...mail }, now);
}

export type LinkResult<T> = { ok: true; value: T } | { ok: false; problem: LinkProblem; message: string };

const refused = (problem: LinkProblem) => ({ ok: false as const, problem, message: LINK_PROBLEMS[problem] });

/** Whether a confirmation link can be used, for the page that offers the button (opening it changes nothing). */
export async function checkConfirmationLink(deps: IdentityDeps, token: string): Promise<LinkResult<null>> {
  const found = await findUsableLink(deps.db, token, "confirm", deps.now());
  return found.ok ? { ok: true, value: null } : refused(found.problem);
}

/**
 * Follows a confirmation link: the address is proven, so the submission's pending record joins the candidate
 * known under that email (or becomes it). A used, expired or forged link changes nothing.
 */
export async function confirmEmail(
  deps: IdentityDeps,
  token: string,
): Promise<LinkResult<{ candidateId: string; joined: boolean }>> {
  const found = await findUsableLink(deps.db, token, "confirm", deps.now());
  if (!found.ok) return refused(found.problem);
  const { link } = found;
  const result = await deps.db.transaction(async (tx) => {
    if (!(await useEmailLink(tx, link.id, deps.now()))) return refused("used");
    const pendingId = link.submissionId ? await getSubmissionCandidate(tx, link.submissionId) : null;
    // The submission was withdrawn, or its record already confirmed through another link.
    if (!pendingId) return refused("used");
    const confirmed = await confirmPendingCandidate(
      tx,
      { id: pendingId, submissionId: link.submissionId! },
      deps.now(),
    );
    if (!confirmed) return refused("used");
    await recordAudit(
      tx,
      candidateActor(),
      "candidate.confirm",
      { type: "candidate", id: confirmed.candidateId },
      {
        submission: link.submissionId,
        joined: confirmed.joined,
      },
    );
    return { ok: true as const, value: confirmed };
  });
  if (result.ok) deps.onCommitted?.();
  return result;
}

/**
 * "Erase everything about me": mails a one-time link to the address (at most one an hour), because only the
 * person who reads that mailbox may erase what is held under it.
 */
export async function requestFullErasure(deps: IdentityDeps, email: string): Promise<"sent" | "already-sent"> {
  const now = deps.now();
  if (await countEmailLinksSince(deps.db, { email, purpose: "erase-all" }, new Date(now.getTime() - 3_600_000)))
    return "already-sent";
  await deps.db.transaction(async (tx) => {
    const token = await issueEmailLink(tx, { purpose: "erase-all", email }, now);
    const mail = eraseAllMail({
      eraseUrl: new URL(`/erase/${token}`, deps.publicUrl).toString(),
      expiresInHours: LINK_LIFETIME_HOURS["erase-all"],
    });
    await queueMail(tx, { to: email, ...mail }, now);
  });
  deps.mailer?.nudge();
  return "sent";
}

export async function checkErasureLink(deps: IdentityDeps, token: string): Promise<LinkResult<null>> {
  const found = await findUsableLink(deps.db, token, "erase-all", deps.now());
  return found.ok ? { ok: true, value: null } : refused(found.problem);
}

/** Follows an "erase everything" link: every record under the address goes, through the one erasure path (decision 010). */
export async function eraseEverythingByLink(
  deps: IdentityDeps,
  token: string,
): Promise<LinkResult<{ candidates: number }>> {
  const found = await findUsableLink(deps.db, token, "erase-all", deps.now());
  if (!found.ok) return refused(found.problem);
  if (!(await useEmailLink(deps.db, found.link.id, deps.now()))) return refused("used");
  let erased = 0;
  for (const candidateId of await listCandidateIdsByEmail(deps.db, found.link.email)) {
    const done = await eraseCandidate(deps, candidateId, { actor: candidateActor(), reason: "erase-all" });
    if (done) erased++;
  }
  return { ok: true, value: { candidates: erased } };
}
