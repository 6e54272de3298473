/**
 * What a page shows about one OpenID4VP request: its state in words, the `openid4vp://` link and its QR code as
 * SVG text (drawn on the server, so the page needs no script of its own under the nonce-based CSP), and the
 * outcome. The staff page uses it, and an invitation page can too (with the panel in
 * app/components/wallet-request-panel.tsx).
 */
import QRCode from "qrcode";
import type { Database } from "#db/client.server";
import { eq } from "drizzle-orm";
import { candidates, type PresentationRequest } from "#db/schema/index";
import {
  getPresentationRequest,
  listPresentationRequests,
  stateOf,
  STATE_WORDS,
  walletLinkFor,
  type RequestState,
} from "./openid4vp.server";
import type { VerifierIdentity } from "./verifier-identity.server";

export interface ResultLine {
  source: string;
  outcome: string;
  reason: string | null;
  name: string | null;
}

export interface PresentationRequestView {
  id: string;
  state: RequestState;
  stateWords: string;
  /** What was asked for, in words. */
  asked: string;
  candidateName: string;
  candidateEmail: string;
  walletLink: string;
  qrSvg: string;
  createdAt: string;
  expiresAt: string;
  /** True once a wallet fetched the request object (the QR code was scanned or the link opened). */
  opened: boolean;
  refusal: string | null;
  results: ResultLine[];
  candidateId: string | null;
  /** The credentials wait on a record of their own until the candidate confirms their email (decision 011). */
  awaitsEmailConfirmation: boolean;
}

export async function presentationRequestView(
  deps: { db: Database; now: () => Date; publicUrl: string; identity: () => Promise<VerifierIdentity> },
  id: string,
): Promise<PresentationRequestView | null> {
  const row = await getPresentationRequest(deps.db, id);
  if (!row) return null;
  const identity = await deps.identity();
  const walletLink = walletLinkFor(deps.publicUrl, row.id, identity.clientId);
  // Error correction M: the link is about 150 characters, and a phone reads it from a laptop screen at arm's length.
  const qrSvg = await QRCode.toString(walletLink, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  const [person] = row.candidateId
    ? await deps.db.select({ identity: candidates.identity }).from(candidates).where(eq(candidates.id, row.candidateId))
    : [];
  return { ...summaryOf(row, deps.now()), walletLink, qrSvg, awaitsEmailConfirmation: person?.identity === "pending" };
}

export type PresentationRequestSummary = Omit<
  PresentationRequestView,
  "walletLink" | "qrSvg" | "awaitsEmailConfirmation"
>;

export function summaryOf(row: PresentationRequest, now: Date): PresentationRequestSummary {
  const state = stateOf(row, now);
  return {
    id: row.id,
    state,
    stateWords: STATE_WORDS[state],
    asked: row.template.label,
    candidateName: row.candidateName,
    candidateEmail: row.candidateEmail,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    opened: row.fetchedAt !== null,
    refusal: row.refusal,
    results: Array.isArray(row.result) ? (row.result as ResultLine[]) : [],
    candidateId: row.candidateId,
  };
}

export async function recentPresentationRequests(
  deps: { db: Database; now: () => Date },
  limit = 20,
): Promise<PresentationRequestSummary[]> {
  const now = deps.now();
  return (await listPresentationRequests(deps.db, limit)).map((row) => summaryOf(row, now));
}
