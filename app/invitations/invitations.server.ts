/**
 * Invitations as staff manage them (issue 14, point 2): one link per job or purpose, made, listed, shared (link and
 * QR code), closed, and counted, from the app rather than a shell. Candidates reach the public submission page only
 * through an open one (decision 006); this module also says, in a candidate's words, why a link no longer works.
 */
import { randomBytes, randomUUID } from "node:crypto";
import QRCode from "qrcode";
import { z } from "zod";
import type { Database } from "#db/client.server";
import {
  getInvitationById,
  getInvitationByToken,
  getInvitationWithCounts,
  listCandidateInvitations,
  listInvitationCandidates,
  listInvitationExchanges,
  listInvitationPresentationRequests,
  listInvitationsWithCounts,
  markInvitationClosed,
} from "#db/queries/invitations.server";
import { invitations, type Invitation } from "#db/schema/index";
import { recordAudit, type AuditActor } from "#app/audit/audit.server";
import { formatDate } from "#app/components/format";
import { createExchange } from "#app/ingest/exchange.server";
import type { TemplateInput } from "#app/wallet/dcql-templates";
import { createPresentationRequest, type WalletDeps } from "#app/wallet/openid4vp.server";
import { summaryOf } from "#app/wallet/request-view.server";

const DAY = 86_400_000;

export interface InvitationDeps {
  db: Database;
  now: () => Date;
  /** The origin of the links candidates are given (ATTEST_PUBLIC_URL), never a request's Host header. */
  publicUrl: string;
}

export type InvitationState = "open" | "closed" | "expired";

export function invitationState(invitation: Pick<Invitation, "closedAt" | "expiresAt">, now: Date): InvitationState {
  if (invitation.closedAt) return "closed";
  if (invitation.expiresAt && invitation.expiresAt <= now) return "expired";
  return "open";
}

/** The public submission page of an invitation, as an absolute link to send or print. */
export function invitationLink(publicUrl: string, token: string): string {
  return new URL(`/submit/${token}`, publicUrl).toString();
}

/** A QR code of `text` as an SVG document: scanned from a screen or a printed job advert. */
export function renderQrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
}

/**
 * The form on the Invitations page. The expiry is the last day candidates may submit (a date, as staff think of a
 * closing date); the link stops working at the end of that day, UTC.
 */
export const invitationFormSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, "Name the invitation, e.g. the job title: candidates see this name.")
    .max(120, "Keep the name under 120 characters."),
  lastDay: z
    .string()
    .trim()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, "Give the last day as a date, e.g. 2026-12-31, or leave it empty.")
    .default(""),
});
export type InvitationForm = z.infer<typeof invitationFormSchema>;

/** Turns the form's last day into the moment the link stops working, or a sentence when that day is already past. */
function expiryFromLastDay(lastDay: string, now: Date): { expiresAt: Date | null } | { error: string } {
  if (!lastDay) return { expiresAt: null };
  const start = new Date(`${lastDay}T00:00:00Z`);
  if (Number.isNaN(start.getTime()))
    return { error: "That date does not exist; give the last day as e.g. 2026-12-31." };
  const expiresAt = new Date(start.getTime() + DAY);
  if (expiresAt <= now) return { error: "That day is already past: pick today or a later day, or leave it empty." };
  return { expiresAt };
}

/**
 * Makes an invitation, from the Invitations page or the shell (`attest invite create`, actor `cliActor()`). The row
 * and its audit entry are written in one transaction. Anyone with the link may submit, so the token is 18 random
 * bytes, and the audit entry never holds it.
 */
export async function createInvitation(
  deps: Pick<InvitationDeps, "db" | "now">,
  actor: AuditActor,
  input: { title: string; expiresAt: Date | null },
): Promise<{ id: string; token: string; path: string }> {
  const id = `inv_${randomUUID()}`;
  const token = randomBytes(18).toString("base64url");
  await deps.db.transaction(async (tx) => {
    await tx.insert(invitations).values({
      id,
      token,
      title: input.title,
      expiresAt: input.expiresAt,
      createdAt: deps.now(),
      createdById: actor.id,
    });
    await recordAudit(
      tx,
      actor,
      "invitation.create",
      { type: "invitation", id },
      {
        title: input.title,
        expiresAt: input.expiresAt?.toISOString() ?? null,
      },
    );
  });
  return { id, token, path: `/submit/${token}` };
}

export type CreateInvitationResult =
  { status: "created"; id: string } | { status: "invalid"; field: "lastDay"; message: string };

/** The Invitations page's form: a last day already past is refused with a sentence. */
export async function createInvitationFromForm(
  deps: Pick<InvitationDeps, "db" | "now">,
  actor: AuditActor,
  form: InvitationForm,
): Promise<CreateInvitationResult> {
  const expiry = expiryFromLastDay(form.lastDay, deps.now());
  if ("error" in expiry) return { status: "invalid", field: "lastDay", message: expiry.error };
  const { id } = await createInvitation(deps, actor, { title: form.title, expiresAt: expiry.expiresAt });
  return { status: "created", id };
}

/**
 * Closes an invitation: its link refuses new submissions from now on (what came through stays). Closing twice
 * changes nothing and writes no second audit entry. Null when there is no such invitation.
 */
export async function closeInvitation(
  deps: Pick<InvitationDeps, "db" | "now">,
  actor: AuditActor,
  id: string,
): Promise<"closed" | "already-closed" | null> {
  return deps.db.transaction(async (tx) => {
    const closed = await markInvitationClosed(tx, id, deps.now());
    if (closed) {
      await recordAudit(tx, actor, "invitation.close", { type: "invitation", id });
      return "closed" as const;
    }
    return (await getInvitationById(tx, id)) ? ("already-closed" as const) : null;
  });
}

type InvitationRow = Awaited<ReturnType<typeof listInvitationsWithCounts>>[number];

function toSummary(row: InvitationRow, deps: Pick<InvitationDeps, "now" | "publicUrl">) {
  return {
    id: row.id,
    title: row.title,
    link: invitationLink(deps.publicUrl, row.token),
    state: invitationState(row, deps.now()),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdByName,
    /** The last day candidates may submit (the link stops at its end), or null for no expiry. */
    lastDay: row.expiresAt ? new Date(row.expiresAt.getTime() - 1).toISOString() : null,
    closedAt: row.closedAt?.toISOString() ?? null,
    submissions: row.submissions,
    confirmedCandidates: row.confirmedCandidates,
  };
}
export type InvitationSummary = ReturnType<typeof toSummary>;

/** The Invitations page: open ones first (newest first), then closed and expired ones. */
export async function listInvitations(deps: InvitationDeps): Promise<InvitationSummary[]> {
  const rows = (await listInvitationsWithCounts(deps.db)).map((row) => toSummary(row, deps));
  return [...rows.filter((r) => r.state === "open"), ...rows.filter((r) => r.state !== "open")];
}

const DETAIL_LIMIT = 50;

/** One invitation's page: its link and QR code, counts, the candidates who came through it and its wallet requests. */
export async function getInvitationDetail(deps: InvitationDeps, id: string) {
  const row = await getInvitationWithCounts(deps.db, id);
  if (!row) return null;
  const summary = toSummary(row, deps);
  const [people, walletRequests, presentationRequests, qrSvg] = await Promise.all([
    listInvitationCandidates(deps.db, id, DETAIL_LIMIT),
    listInvitationExchanges(deps.db, id, DETAIL_LIMIT),
    listInvitationPresentationRequests(deps.db, id, DETAIL_LIMIT),
    renderQrSvg(summary.link),
  ]);
  const now = deps.now();
  return {
    invitation: summary,
    qrSvg,
    candidates: people.map((p) => ({
      id: p.candidateId,
      name: p.displayName,
      emailConfirmed: p.identity !== "pending",
      submissions: p.submissions,
      lastSubmittedAt: p.lastSubmittedAt.toISOString(),
    })),
    walletRequests: walletRequests.map((w) => ({
      id: w.id,
      candidateName: w.candidateName,
      createdAt: w.createdAt.toISOString(),
      state: w.completedAt ? ("answered" as const) : w.expiresAt <= now ? ("expired" as const) : ("waiting" as const),
    })),
    presentationRequests: presentationRequests.map((row) => {
      const { id, candidateName, asked, state, stateWords, createdAt } = summaryOf(row, now);
      return { id, candidateName, asked, state, stateWords, createdAt };
    }),
    listLimit: DETAIL_LIMIT,
  };
}

/** The QR code of an invitation's link, for download (a poster, a printed advert); null when there is none. */
export async function getInvitationQr(deps: InvitationDeps, id: string) {
  const row = await getInvitationById(deps.db, id);
  return row ? { title: row.title, svg: await renderQrSvg(invitationLink(deps.publicUrl, row.token)) } : null;
}

export const walletRequestFormSchema = z.object({
  name: z.string().trim().min(1, "Give the candidate's name.").max(200, "Keep the name under 200 characters."),
  email: z.string().trim().email("Give the candidate's email address, e.g. ada@example.com.").max(320),
});

export type WalletRequestResult =
  | { status: "created"; walletLink: string; exchangeUrl: string; qrSvg: string }
  | { status: "not-open"; message: string }
  | null;

/**
 * A wallet request (VC-API exchange, app/ingest/exchange.server.ts) made for an invitation: what the wallet sends
 * counts towards the invitation, and stops being accepted when the invitation closes. The candidate's name and
 * email only say whom staff asked: the wallet proves its DID, not that address (decision 011).
 */
export async function createWalletRequest(
  deps: InvitationDeps,
  invitationId: string,
  candidate: z.infer<typeof walletRequestFormSchema>,
): Promise<WalletRequestResult> {
  const row = await getInvitationById(deps.db, invitationId);
  if (!row) return null;
  const state = invitationState(row, deps.now());
  if (state !== "open") {
    return {
      status: "not-open",
      message: `This invitation is ${state}: open a new one to ask a wallet for credentials.`,
    };
  }
  const created = await createExchange(deps.db, candidate, deps.publicUrl, deps.now(), { invitationId });
  return {
    status: "created",
    walletLink: created.walletLink,
    exchangeUrl: created.exchangeUrl,
    qrSvg: await renderQrSvg(created.walletLink),
  };
}

export type PresentationRequestResult =
  { status: "created"; id: string } | { status: "not-open"; message: string } | null;

/**
 * An OpenID4VP request (app/wallet/openid4vp.server.ts) made for an invitation: what the wallet sends counts
 * towards the invitation. A closed or expired invitation takes no new request, as with the VC-API one above.
 */
export async function createInvitationPresentationRequest(
  deps: InvitationDeps & Pick<WalletDeps, "identity">,
  invitationId: string,
  input: {
    candidate: z.infer<typeof walletRequestFormSchema>;
    template: TemplateInput;
    createdBy: string | null;
  },
): Promise<PresentationRequestResult> {
  const row = await getInvitationById(deps.db, invitationId);
  if (!row) return null;
  const state = invitationState(row, deps.now());
  if (state !== "open") {
    return {
      status: "not-open",
      message: `This invitation is ${state}: open a new one to ask a wallet for credentials.`,
    };
  }
  const created = await createPresentationRequest(deps, { ...input, invitationId });
  return { status: "created", id: created.id };
}

/** The invitations a candidate came through, for their page. */
export async function getCandidateInvitations(db: Database, candidateId: string) {
  const rows = await listCandidateInvitations(db, candidateId);
  return rows.map((r) => ({ id: r.id, title: r.title, firstSubmittedAt: r.firstSubmittedAt.toISOString() }));
}

export type InvitationForCandidate =
  { status: "open"; invitation: Invitation } | { status: "refused"; title: string | null; message: string };

/**
 * What a candidate who opens or posts to an invitation link is told. A closed or expired link names the job it was
 * for and what to do; an unknown one (mistyped, cut short) says so without guessing.
 */
export async function lookUpInvitation(
  deps: Pick<InvitationDeps, "db" | "now">,
  token: string,
): Promise<InvitationForCandidate> {
  const invitation = token ? await getInvitationByToken(deps.db, token) : null;
  if (!invitation) {
    return {
      status: "refused",
      title: null,
      message:
        "This invitation link is not valid any more. Check that you copied the whole link, or ask the employer for a new one.",
    };
  }
  const state = invitationState(invitation, deps.now());
  if (state === "open") return { status: "open", invitation };
  const when = state === "closed" ? invitation.closedAt! : new Date(invitation.expiresAt!.getTime() - 1);
  const message =
    state === "closed"
      ? `The employer closed this invitation on ${formatDate(when)}, so it no longer takes new submissions. Nothing you sent before is lost. If you still want to share your credentials, ask the employer for a new link.`
      : `This invitation was open until ${formatDate(when)} and no longer takes new submissions. Nothing you sent before is lost. If you still want to share your credentials, ask the employer for a new link.`;
  return { status: "refused", title: invitation.title, message };
}
