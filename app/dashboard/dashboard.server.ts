/**
 * The staff dashboard's figures, each one SQL aggregate (drizzle, PostgreSQL 15 features only, so PGlite and
 * PostgreSQL agree). The clock comes in as an argument: "since Monday" and the time windows are computed from it,
 * in UTC, so tests pass a fixed date and the figures do not move under them.
 */
import { and, asc, count, desc, eq, gte, isNotNull, lt, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { staleWhileRevalidate } from "#db/stale-while-revalidate";
import { DEMO_INVITATION, getSetting } from "#db/queries/settings.server";
import { candidates, credentials, trustedIssuers, verdictChanges } from "#db/schema/index";
import { getSkillOptions, type SkillOption } from "#app/recruiting/find-candidates.server";
import {
  CHECK_IDS,
  DECISIVE_CHECKS,
  INDETERMINATE_WHEN_UNCHECKED,
  type CheckId,
  type Verdict,
} from "#app/verification/report";
import { getVerifiedPolicy, type VerifiedPolicy } from "#app/verification/verified-policy.server";
import type { IssuerTrust, Period } from "./labels";

export interface VerdictCounts {
  verified: number;
  failed: number;
  indeterminate: number;
}

export interface TimeBucket extends VerdictCounts {
  /** First day of the bucket, "YYYY-MM-DD" (UTC); weeks start on Monday. */
  start: string;
}

/** Credentials received in one bucket. */
export interface SubmissionBucket extends TimeBucket {
  /**
   * A valid signature from an issuer not on the trust registry: not "verified" under the registered-issuers policy
   * (so counted apart, never as failed); always 0 under the any-issuer policy, where they are verified.
   */
  unregistered: number;
}

export interface ReasonCount {
  /** The code of the check that decided the verdict, e.g. "signature-mismatch", "revoked"; "unknown" if none. */
  reason: string;
  count: number;
}

export interface VerificationOutcomes {
  verified: number;
  /** Valid signatures from unregistered issuers, counted apart under the registered-issuers policy (else 0). */
  unregistered: number;
  failed: ReasonCount[];
  indeterminate: ReasonCount[];
  /** Credentials by the outcome of their issuer check (the trust registry as it stood at their last check). */
  trust: Record<IssuerTrust, number>;
}

export interface TopIssuer {
  issuerId: string;
  name: string;
  /** Verified credentials from this issuer. */
  credentials: number;
  /** On the trust registry now. */
  trusted: boolean;
}

export interface VerdictChangeCount {
  toVerdict: Verdict;
  reason: string;
  count: number;
}

export interface VerdictChanges {
  /** Start of the current week (Monday 00:00 UTC), ISO. */
  since: string;
  sinceMonday: VerdictChangeCount[];
  /** Changes per week, by the verdict they changed to, for the last CHANGE_WEEKS weeks. */
  weekly: TimeBucket[];
}

export interface Dashboard {
  /** What "verified" means in every figure below (the admin's policy, as in search). */
  policy: VerifiedPolicy;
  totals: { candidates: number; credentials: number; verifiedCredentials: number };
  submissions: { period: Period; buckets: SubmissionBucket[] };
  outcomes: VerificationOutcomes;
  topSkills: SkillOption[];
  topIssuers: TopIssuer[];
  changes: VerdictChanges;
  demoInvitationPath: string | null;
}

const DAY_MS = 86_400_000;
/** How far back the submissions chart looks: 30 days, or 12 weeks. */
export const PERIOD_BUCKETS: Record<Period, number> = { day: 30, week: 12 };
export const CHANGE_WEEKS = 8;
const TOP = 10;

/** Midnight UTC of the day `now` falls on. */
function startOfDay(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
}

/** Monday 00:00 UTC of the week `now` falls on (as PostgreSQL's date_trunc('week') counts weeks). */
export function startOfWeek(now: Date): Date {
  const day = startOfDay(now);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

/** The first day of each bucket, oldest first, ending with the bucket that holds `now`. */
export function bucketStarts(now: Date, period: Period, buckets: number): Date[] {
  const last = period === "day" ? startOfDay(now) : startOfWeek(now);
  const step = period === "day" ? DAY_MS : 7 * DAY_MS;
  return Array.from({ length: buckets }, (_, i) => new Date(last.getTime() - (buckets - 1 - i) * step));
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Rows of (bucket, verdict, n) into one entry per bucket, with zeros where nothing happened. */
function fillBuckets(starts: Date[], rows: { bucket: string; verdict: string; n: number }[]): TimeBucket[] {
  const byStart = new Map(
    starts.map((d) => [isoDay(d), { start: isoDay(d), verified: 0, failed: 0, indeterminate: 0 }]),
  );
  for (const row of rows) {
    const bucket = byStart.get(row.bucket);
    if (bucket && (row.verdict === "verified" || row.verdict === "failed" || row.verdict === "indeterminate")) {
      bucket[row.verdict] += row.n;
    }
  }
  return [...byStart.values()];
}

// The unit is one of two literals, never user text, so it is written into the SQL: a bound parameter would make
// the expression in GROUP BY differ from the one in SELECT.
const truncate = (period: Period, column: typeof credentials.submittedAt | typeof verdictChanges.changedAt) =>
  sql<string>`to_char(date_trunc('${sql.raw(period)}', ${column} at time zone 'UTC'), 'YYYY-MM-DD')`;

// Whether a credential's issuer is on the trust registry now, as search decides it (vskillTrusted). Written with the
// table's name: in a single-table select drizzle renders columns unqualified, and inside this subquery an
// unqualified "issuer_id" would be the registry's own column.
const REGISTERED_ISSUER = sql.raw(
  `exists (select 1 from trusted_issuers t where t.issuer_id = "credentials"."issuer_id")`,
);

/**
 * A credential's verdict as the policy counts it: under "registered issuers only" a verified credential from an
 * unregistered issuer is "unregistered" (a valid signature that does not count as verified), as search leaves it
 * out. Literals only, so the expression in GROUP BY is the one in SELECT.
 */
function countedVerdict(policy: VerifiedPolicy) {
  return policy === "registered-issuers"
    ? sql<string>`case when ${credentials.verdict} = 'verified' and not ${REGISTERED_ISSUER} then 'unregistered' else ${credentials.verdict} end`
    : sql<string>`${credentials.verdict}`;
}

/**
 * Credentials received per day (last 30 days) or per week (last 12 weeks), split by their current verdict as the
 * policy counts it.
 */
export async function countSubmissionsOverTime(
  db: Database,
  options: { now: Date; period: Period; policy: VerifiedPolicy },
): Promise<SubmissionBucket[]> {
  const starts = bucketStarts(options.now, options.period, PERIOD_BUCKETS[options.period]);
  const bucket = truncate(options.period, credentials.submittedAt);
  const verdict = countedVerdict(options.policy);
  const rows = await db
    .select({ bucket, verdict, n: count() })
    .from(credentials)
    .where(gte(credentials.submittedAt, starts[0]))
    .groupBy(bucket, verdict);
  const unregistered = new Map<string, number>();
  for (const row of rows)
    if (row.verdict === "unregistered") unregistered.set(row.bucket, (unregistered.get(row.bucket) ?? 0) + row.n);
  return fillBuckets(starts, rows).map((b) => ({ ...b, unregistered: unregistered.get(b.start) ?? 0 }));
}

// The check that decided a verdict, read from the stored report: the first decisive check that failed, or for
// "could not check" the first proof/status/member check that could not be checked (else the proof's own code,
// e.g. a credential with no proof at all). Holder and issuer checks never decide a verdict (decision 007).
// The check ids come from report.ts (CHECK_IDS), so the SQL cannot drift from decideVerdict.
const anyIdOf = (ids: ReadonlySet<CheckId>) =>
  `(${CHECK_IDS.filter((id) => ids.has(id))
    .map((id) => `@.id == "${id}"`)
    .join(" || ")})`;
const FAILED_REASON = sql.raw(
  `jsonb_path_query_first(report, '$.checks[*] ? (@.outcome == "fail" && ${anyIdOf(DECISIVE_CHECKS)}).code') #>> '{}'`,
);
const INDETERMINATE_REASON = sql.raw(
  `coalesce(jsonb_path_query_first(report, '$.checks[*] ? (@.outcome == "indeterminate" && ${anyIdOf(INDETERMINATE_WHEN_UNCHECKED)}).code') #>> '{}', jsonb_path_query_first(report, '$.checks[*] ? (@.id == "proof").code') #>> '{}')`,
);
const ISSUER_OUTCOME = sql.raw(`jsonb_path_query_first(report, '$.checks[*] ? (@.id == "issuer").outcome') #>> '{}'`);

/**
 * Verified, failed by reason, could-not-check by reason, and issuer trust, in one pass over the credentials.
 * It reads every stored report (JSONB), which no index can answer: at 100,000 candidates it is the slow one,
 * so getDashboard serves it from a short-lived cache (see getOutcomesCached).
 */
export async function countVerificationOutcomes(db: Database, policy: VerifiedPolicy): Promise<VerificationOutcomes> {
  const reason = sql<
    string | null
  >`case ${credentials.verdict} when 'failed' then ${FAILED_REASON} when 'indeterminate' then ${INDETERMINATE_REASON} end`;
  const issuer = sql<string | null>`${ISSUER_OUTCOME}`;
  const verdict = countedVerdict(policy);
  const rows = await db
    .select({ verdict, reason, issuer, n: count() })
    .from(credentials)
    .groupBy(verdict, reason, issuer);
  const outcomes: VerificationOutcomes = {
    verified: 0,
    unregistered: 0,
    failed: [],
    indeterminate: [],
    trust: { trusted: 0, untrusted: 0, "no-registry": 0, "not-checked": 0 },
  };
  const reasons = { failed: new Map<string, number>(), indeterminate: new Map<string, number>() };
  for (const row of rows) {
    if (row.verdict === "verified") outcomes.verified += row.n;
    else if (row.verdict === "unregistered") outcomes.unregistered += row.n;
    else if (row.verdict === "failed" || row.verdict === "indeterminate") {
      const map = reasons[row.verdict];
      const key = row.reason ?? "unknown";
      map.set(key, (map.get(key) ?? 0) + row.n);
    }
    outcomes.trust[toIssuerTrust(row.issuer)] += row.n;
  }
  const sorted = (map: Map<string, number>) =>
    [...map]
      .map(([r, n]) => ({ reason: r, count: n }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  outcomes.failed = sorted(reasons.failed);
  outcomes.indeterminate = sorted(reasons.indeterminate);
  return outcomes;
}

function toIssuerTrust(outcome: string | null): IssuerTrust {
  if (outcome === "pass") return "trusted";
  if (outcome === "indeterminate") return "untrusted";
  if (outcome === "not-applicable") return "no-registry";
  return "not-checked";
}

/**
 * The issuers of the most verified credentials. Only verified credentials count: an unverified one can name any
 * issuer it likes (decision 005); under the registered-issuers policy only registered issuers' do. The name comes
 * from the trust registry when the issuer is listed.
 */
export async function listTopIssuers(db: Database, policy: VerifiedPolicy, limit = TOP): Promise<TopIssuer[]> {
  // Counting alone lets PostgreSQL answer from the (verdict, issuer_id) index; names are looked up for the top few.
  const n = count().as("n");
  const top = db
    .select({ issuerId: credentials.issuerId, n })
    .from(credentials)
    .where(
      and(
        eq(credentials.verdict, "verified"),
        isNotNull(credentials.issuerId),
        policy === "registered-issuers" ? REGISTERED_ISSUER : undefined,
      ),
    )
    .groupBy(credentials.issuerId)
    .orderBy(desc(n), asc(credentials.issuerId))
    .limit(limit)
    .as("top");
  const named = sql<string | null>`(select ${credentials.issuerName} from ${credentials}
    where ${credentials.verdict} = 'verified' and ${credentials.issuerId} = ${top.issuerId} limit 1)`;
  const rows = await db
    .select({ issuerId: top.issuerId, named, registryName: trustedIssuers.name, n: top.n })
    .from(top)
    .leftJoin(trustedIssuers, eq(trustedIssuers.issuerId, top.issuerId))
    .orderBy(desc(top.n), asc(top.issuerId));
  return rows.map((r) => ({
    issuerId: r.issuerId!,
    name: r.registryName ?? r.named ?? r.issuerId!,
    credentials: Number(r.n),
    trusted: r.registryName !== null,
  }));
}

/**
 * What re-checks found: changes since Monday 00:00 UTC by new verdict and reason ("3 revoked since Monday"), and
 * changes per week for the last CHANGE_WEEKS weeks.
 */
export async function countVerdictChanges(db: Database, options: { now: Date }): Promise<VerdictChanges> {
  const since = startOfWeek(options.now);
  const starts = bucketStarts(options.now, "week", CHANGE_WEEKS);
  const bucket = truncate("week", verdictChanges.changedAt);
  const [recent, weekly] = await Promise.all([
    db
      .select({ toVerdict: verdictChanges.toVerdict, reason: verdictChanges.reason, n: count() })
      .from(verdictChanges)
      .where(
        and(gte(verdictChanges.changedAt, since), lt(verdictChanges.changedAt, new Date(options.now.getTime() + 1))),
      )
      .groupBy(verdictChanges.toVerdict, verdictChanges.reason),
    db
      .select({ bucket, verdict: verdictChanges.toVerdict, n: count() })
      .from(verdictChanges)
      .where(gte(verdictChanges.changedAt, starts[0]))
      .groupBy(bucket, verdictChanges.toVerdict),
  ]);
  return {
    since: since.toISOString(),
    sinceMonday: recent
      .map((r) => ({ toVerdict: r.toVerdict as Verdict, reason: r.reason ?? "unknown", count: r.n }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    weekly: fillBuckets(starts, weekly),
  };
}

/** Candidates, credentials, and credentials verified as the policy counts them. */
export async function countTotals(db: Database, policy: VerifiedPolicy): Promise<Dashboard["totals"]> {
  const verified = countedVerdict(policy);
  const [[people], [byVerdict]] = await Promise.all([
    db.select({ n: count() }).from(candidates),
    db
      .select({ all: count(), verified: sql<number>`count(*) filter (where ${verified} = 'verified')`.mapWith(Number) })
      .from(credentials),
  ]);
  return {
    candidates: people?.n ?? 0,
    credentials: byVerdict?.all ?? 0,
    verifiedCredentials: byVerdict?.verified ?? 0,
  };
}

/**
 * countVerificationOutcomes, served from memory and refreshed in the background once 30 seconds old, like the
 * skill pick list: it reads every stored report, which takes seconds at 100,000 candidates.
 */
const cachedOutcomes: Record<VerifiedPolicy, (db: Database, nowMs: number) => Promise<VerificationOutcomes>> = {
  "any-issuer": staleWhileRevalidate((db) => countVerificationOutcomes(db, "any-issuer"), 30_000),
  "registered-issuers": staleWhileRevalidate((db) => countVerificationOutcomes(db, "registered-issuers"), 30_000),
};
export const getOutcomesCached = (db: Database, now: Date, policy: VerifiedPolicy) =>
  cachedOutcomes[policy](db, now.getTime());

/**
 * Everything the staff home page shows, with "verified" as the admin's policy defines it (the same policy search,
 * its facets and the CSV apply). The outcomes and the top skills may be up to 30 seconds old.
 */
export async function getDashboard(db: Database, options: { now: Date; period: Period }): Promise<Dashboard> {
  const policy = await getVerifiedPolicy(db);
  const [totals, submissions, outcomes, topSkills, topIssuers, changes, demoInvitationPath] = await Promise.all([
    countTotals(db, policy),
    countSubmissionsOverTime(db, { ...options, policy }),
    getOutcomesCached(db, options.now, policy),
    getSkillOptions(db, policy).then((options) => options.slice(0, TOP)),
    listTopIssuers(db, policy),
    countVerdictChanges(db, options),
    getSetting<string>(db, DEMO_INVITATION),
  ]);
  return {
    policy,
    totals,
    submissions: { period: options.period, buckets: submissions },
    outcomes,
    topSkills,
    topIssuers,
    changes,
    demoInvitationPath,
  };
}
