/**
 * The review queue's URL: which credentials (waiting or decided), which outcome, which page. Shared by the server
 * and the page, so filter links are plain, shareable URLs.
 */
import type { Verdict } from "#app/verification/report";
import { z } from "zod";

/**
 * Outcome filters. "attention" (the queue's default): any of the four problems below. "untrusted-issuer": the
 * issuer check did not pass (for a presentation, a member's); "holder-mismatch": the holder check failed.
 * "passed": verified with none of those problems, the items that may be accepted in bulk.
 */
export const QUEUE_FILTERS = [
  "attention",
  "failed",
  "indeterminate",
  "untrusted-issuer",
  "holder-mismatch",
  "passed",
  "all",
] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

/** "waiting": no accept or reject decision yet (notes do not count); "decided": at least one. */
export const QUEUE_STATUSES = ["waiting", "decided"] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

export const QUEUE_PAGE_SIZE = 25;

export interface QueueQuery {
  status: QueueStatus;
  filter: QueueFilter;
  page: number;
}

/** Unknown values fall back to the defaults: a stale or hand-edited link still opens the queue. */
export const queueQuerySchema = z.object({
  status: z.enum(QUEUE_STATUSES).catch("waiting"),
  filter: z.enum(QUEUE_FILTERS).catch("attention"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export function parseQueueQuery(params: URLSearchParams): QueueQuery {
  return queueQuerySchema.parse({
    status: params.get("status") ?? undefined,
    filter: params.get("filter") ?? undefined,
    page: params.get("page") ?? undefined,
  });
}

/** `/review?…` for a query, leaving defaults out so the plain queue stays `/review`. */
export function queueHref(query: Partial<QueueQuery>): string {
  const params = new URLSearchParams();
  if (query.status && query.status !== "waiting") params.set("status", query.status);
  if (query.filter && query.filter !== "attention") params.set("filter", query.filter);
  if (query.page && query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return search ? `/review?${search}` : "/review";
}

/** One credential in the queue, as the page shows it. */
export interface QueueItem {
  credentialId: string;
  candidateId: string;
  candidateName: string;
  /** False while the candidate's email is not confirmed (a public submission nobody has confirmed yet). */
  emailConfirmed: boolean;
  achievementName: string | null;
  issuer: string | null;
  verdict: Verdict;
  submittedAt: string;
  /** The current decision, on the "decided" view. */
  decision: { kind: "accept" | "reject"; by: string; at: string; reason: string } | null;
}
