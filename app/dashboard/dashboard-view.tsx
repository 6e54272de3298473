/**
 * The staff dashboard's panels: plain components over the figures getDashboard returns (serialised by the loader),
 * so the route stays a loader and a layout.
 */
import { Link } from "@remix-run/react";
import { CHART_COLORS } from "#app/components/charts/colors";
import { formatCount } from "#app/components/charts/chart-figure";
import { RankedBarChart, type RankedItem } from "#app/components/charts/ranked-bar-chart";
import { TimeSeriesChart, type Series } from "#app/components/charts/time-series-chart";
import type { Verdict } from "#app/verification/report";
import type { Dashboard, SubmissionBucket, TimeBucket } from "./dashboard.server";
import {
  changePhrase,
  ISSUER_TRUST_LABELS,
  reasonLabel,
  UNREGISTERED_LABEL,
  VERDICT_LABELS,
  type IssuerTrust,
  type Period,
} from "./labels";

const dayMonth = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const weekday = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "short", timeZone: "UTC" });

const VERDICT_SERIES: Series[] = (["verified", "failed", "indeterminate"] as const).map((v) => ({
  key: v,
  name: VERDICT_LABELS[v],
  color: CHART_COLORS[v],
}));

/** Under the registered-issuers policy a valid signature from an unregistered issuer is its own series. */
const UNREGISTERED_SERIES: Series = { key: "unregistered", name: UNREGISTERED_LABEL, color: CHART_COLORS.neutral };

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

function toPoints(buckets: TimeBucket[]) {
  return buckets.map((b) => ({
    label: dayMonth.format(new Date(b.start)),
    verified: b.verified,
    failed: b.failed,
    indeterminate: b.indeterminate,
  }));
}

function toSubmissionPoints(buckets: SubmissionBucket[]) {
  return toPoints(buckets).map((point, i) => ({ ...point, unregistered: buckets[i].unregistered }));
}

function sumBuckets(buckets: TimeBucket[]) {
  return buckets.reduce(
    (sum, b) => ({
      verified: sum.verified + b.verified,
      failed: sum.failed + b.failed,
      indeterminate: sum.indeterminate + b.indeterminate,
    }),
    { verified: 0, failed: 0, indeterminate: 0 },
  );
}

export function SubmissionsPanel({
  submissions,
  policy,
}: {
  submissions: Dashboard["submissions"];
  policy: Dashboard["policy"];
}) {
  const { period, buckets } = submissions;
  const sums = sumBuckets(buckets);
  const registeredOnly = policy === "registered-issuers";
  const unregistered = buckets.reduce((n, b) => n + b.unregistered, 0);
  const total = sums.verified + sums.failed + sums.indeterminate + unregistered;
  const span = period === "day" ? `the last ${buckets.length} days` : `the last ${buckets.length} weeks`;
  return (
    <section className="panel dashboard-wide" aria-labelledby="submissions-heading">
      <div className="panel-head">
        <h2 id="submissions-heading">Credentials received</h2>
        <nav aria-label="Group submissions by" className="segmented">
          <PeriodLink period="day" current={period}>
            Per day
          </PeriodLink>
          <PeriodLink period="week" current={period}>
            Per week
          </PeriodLink>
        </nav>
      </div>
      <TimeSeriesChart
        title={`Credentials received per ${period}, ${span}, by current verdict`}
        description={`Stacked bar chart of credentials received per ${period} over ${span}: ${plural(total, "credential")}, ${formatCount(sums.verified)} verified${registeredOnly ? ` (from registered issuers), ${formatCount(unregistered)} with a valid signature from an unregistered issuer` : ""}, ${formatCount(sums.failed)} failed, ${formatCount(sums.indeterminate)} could not be checked.`}
        emptyMessage={`No submissions yet in ${span}.`}
        points={toSubmissionPoints(buckets)}
        series={registeredOnly ? [VERDICT_SERIES[0], UNREGISTERED_SERIES, ...VERDICT_SERIES.slice(1)] : VERDICT_SERIES}
        bucketName={period === "day" ? "Day" : "Week of"}
      />
    </section>
  );
}

function PeriodLink({ period, current, children }: { period: Period; current: Period; children: string }) {
  return (
    <Link
      to={period === "day" ? "/" : "/?by=week"}
      aria-current={period === current ? "true" : undefined}
      preventScrollReset
    >
      {children}
    </Link>
  );
}

export function OutcomesPanel({ outcomes, policy }: { outcomes: Dashboard["outcomes"]; policy: Dashboard["policy"] }) {
  const failed = outcomes.failed.reduce((n, r) => n + r.count, 0);
  const indeterminate = outcomes.indeterminate.reduce((n, r) => n + r.count, 0);
  const registeredOnly = policy === "registered-issuers";
  const items: RankedItem[] = [
    { label: "Verified", value: outcomes.verified, color: CHART_COLORS.verified },
    ...(registeredOnly
      ? [{ label: UNREGISTERED_LABEL, value: outcomes.unregistered, color: CHART_COLORS.neutral }]
      : []),
    ...outcomes.failed.map((r) => ({
      label: `Failed: ${reasonLabel(r.reason)}`,
      value: r.count,
      color: CHART_COLORS.failed,
    })),
    ...outcomes.indeterminate.map((r) => ({
      label: `Not checked: ${reasonLabel(r.reason)}`,
      value: r.count,
      color: CHART_COLORS.indeterminate,
    })),
  ];
  const reasons = (list: typeof outcomes.failed) =>
    list.map((r) => `${reasonLabel(r.reason).toLowerCase()} ${formatCount(r.count)}`).join(", ");
  return (
    <section className="panel" aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">Verification outcomes</h2>
      <RankedBarChart
        title="Credentials by verdict, failures and could-not-check by the check that decided (counted at most 30 seconds ago)"
        description={`Bar chart of verification outcomes: ${formatCount(outcomes.verified)} verified${registeredOnly ? ` from registered issuers; ${formatCount(outcomes.unregistered)} with a valid signature from an unregistered issuer` : ""}; ${formatCount(failed)} failed${failed ? ` (${reasons(outcomes.failed)})` : ""}; ${formatCount(indeterminate)} could not be checked${indeterminate ? ` (${reasons(outcomes.indeterminate)})` : ""}.`}
        emptyMessage="No credentials verified yet."
        items={items}
        labelName="Outcome"
        valueName="Credentials"
      />
    </section>
  );
}

const TRUST_COLORS: Record<IssuerTrust, string> = {
  trusted: CHART_COLORS.verified,
  untrusted: CHART_COLORS.indeterminate,
  "no-registry": CHART_COLORS.muted,
  "not-checked": CHART_COLORS.muted,
};

export function TrustPanel({ trust }: { trust: Dashboard["outcomes"]["trust"] }) {
  const items = (Object.keys(ISSUER_TRUST_LABELS) as IssuerTrust[])
    .filter((k) => k === "trusted" || k === "untrusted" || trust[k] > 0)
    .map((k) => ({ label: ISSUER_TRUST_LABELS[k], value: trust[k], color: TRUST_COLORS[k] }));
  return (
    <section className="panel" aria-labelledby="trust-heading">
      <h2 id="trust-heading">Trusted and untrusted issuers</h2>
      <RankedBarChart
        title="Credentials by the outcome of their issuer check (counted at most 30 seconds ago)"
        description={`Bar chart of credentials by issuer trust: ${items.map((i) => `${i.label.toLowerCase()} ${formatCount(i.value)}`).join(", ")}.`}
        emptyMessage="No credentials yet, so no issuers to check."
        items={items}
        labelName="Issuer check"
        valueName="Credentials"
      />
    </section>
  );
}

export function TopSkillsPanel({ skills }: { skills: Dashboard["topSkills"] }) {
  return (
    <section className="panel" aria-labelledby="skills-heading">
      <h2 id="skills-heading">Most held verified skills</h2>
      <RankedBarChart
        title="Candidates holding each skill, backed by a verified credential"
        description={`Bar chart of the ${skills.length} most held verified skills: ${skills.map((s) => `${s.label} ${formatCount(s.candidates)}`).join(", ")}.`}
        emptyMessage="No verified skills yet."
        items={skills.map((s) => ({ label: s.label, value: s.candidates, color: CHART_COLORS.verified }))}
        labelName="Skill"
        valueName="Candidates"
      />
      {skills.length > 0 ? (
        <div className="chips" aria-label="Search by a verified skill">
          {skills.map((s) => (
            <Link key={s.key} className="chip verified" to={`/search?skill=${encodeURIComponent(s.key)}`}>
              ✓ {s.label} <span className="muted">{formatCount(s.candidates)}</span>
            </Link>
          ))}
        </div>
      ) : (
        <p className="muted">
          <Link to="/submit">Submit the first credential</Link>
        </p>
      )}
    </section>
  );
}

export function TopIssuersPanel({ issuers }: { issuers: Dashboard["topIssuers"] }) {
  return (
    <section className="panel" aria-labelledby="issuers-heading">
      <h2 id="issuers-heading">Top issuers</h2>
      <RankedBarChart
        title="Verified credentials per issuer (✓ on the trust registry)"
        description={`Bar chart of the ${issuers.length === 1 ? "issuer" : `${issuers.length} issuers`} with the most verified credentials: ${issuers.map((i) => `${i.name}${i.trusted ? " (trusted)" : ""} ${formatCount(i.credentials)}`).join(", ")}.`}
        emptyMessage="No verified credentials yet, so no issuers to rank."
        items={issuers.map((i) => ({
          label: i.trusted ? `✓ ${i.name}` : i.name,
          value: i.credentials,
          color: i.trusted ? CHART_COLORS.verified : CHART_COLORS.neutral,
        }))}
        labelName="Issuer"
        valueName="Verified credentials"
      />
    </section>
  );
}

const CHANGE_SERIES: Series[] = [
  { key: "failed", name: "Now failed", color: CHART_COLORS.failed },
  { key: "indeterminate", name: "Now could not check", color: CHART_COLORS.indeterminate },
  { key: "verified", name: "Now verified", color: CHART_COLORS.verified },
];

export function ChangesPanel({ changes }: { changes: Dashboard["changes"] }) {
  const since = weekday.format(new Date(changes.since));
  const sums = sumBuckets(changes.weekly);
  const total = sums.verified + sums.failed + sums.indeterminate;
  return (
    <section className="panel dashboard-wide" aria-labelledby="changes-heading">
      <h2 id="changes-heading">Verdict changes found by re-checks</h2>
      {changes.sinceMonday.length === 0 ? (
        <p className="muted">No verdict changed since {since}.</p>
      ) : (
        <ul className="change-list">
          {changes.sinceMonday.map((c) => (
            <li key={`${c.toVerdict} ${c.reason}`} className={`change ${c.toVerdict as Verdict}`}>
              <strong>{plural(c.count, "credential")}</strong> {changePhrase(c.toVerdict, c.reason)} since {since}
            </li>
          ))}
        </ul>
      )}
      <TimeSeriesChart
        title={`Verdict changes per week, last ${changes.weekly.length} weeks, by new verdict`}
        description={`Stacked bar chart of verdict changes found by re-checks per week over the last ${changes.weekly.length} weeks: ${plural(total, "change")}, ${formatCount(sums.failed)} to failed, ${formatCount(sums.indeterminate)} to could not check, ${formatCount(sums.verified)} to verified.`}
        emptyMessage={`No re-check changed a verdict in the last ${changes.weekly.length} weeks.`}
        points={toPoints(changes.weekly)}
        series={CHANGE_SERIES}
        bucketName="Week of"
      />
    </section>
  );
}
