import { Form, useNavigation } from "@remix-run/react";
import { CsrfInput } from "#app/components/csrf-input";
import { CopyLink } from "#app/components/invitations/copy-link";

type State = "active" | "expired" | "revoked";

export interface ShareLinkRow {
  id: string;
  recipient: string;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string;
  revokedAt: string | null;
  state: State;
  views: number;
  lastViewedAt: string | null;
}

// In UTC with a fixed locale, so the server's HTML and the browser's render agree; a link may last one day, so
// the time matters.
const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const at = (iso: string) => `${dateTime.format(new Date(iso))} UTC`;

const badgeClass: Record<State, string> = { active: "verified", expired: "indeterminate", revoked: "failed" };
const words: Record<State, string> = { active: "Active", expired: "Expired", revoked: "Revoked" };

function describeLink(link: ShareLinkRow): string {
  const made = `made ${at(link.createdAt)}${link.createdBy ? ` by ${link.createdBy}` : ""}`;
  const end =
    link.state === "revoked" && link.revokedAt
      ? `revoked ${at(link.revokedAt)}`
      : `${link.state === "expired" ? "expired" : "works until"} ${at(link.expiresAt)}`;
  const opened =
    link.views === 0
      ? "not opened yet"
      : `opened ${link.views === 1 ? "once" : `${link.views} times`}, last ${at(link.lastViewedAt!)}`;
  return `${made} · ${end} · ${opened}`;
}

/**
 * The shortlist page's sharing section: make a read-only link for a hiring manager (shown once, with a copy
 * button), and every link made so far with its state, expiry and views, each active one with a revoke button.
 */
export function ShareLinksPanel({
  links,
  periods,
  defaultDays,
  created,
  error,
}: {
  links: ShareLinkRow[];
  periods: ReadonlyArray<{ days: number; label: string }>;
  defaultDays: number;
  created: { link: string; recipient: string; expiresAt: string } | null;
  error: string | null;
}) {
  const busy = useNavigation().state === "submitting";
  return (
    <section className="panel stack share-links" aria-labelledby="share-title">
      <h2 id="share-title">Share with a hiring manager</h2>
      <p className="muted small">
        A read-only link to this shortlist: names, headlines, verified skills and their evidence; no email addresses, no
        notes, nothing to change. Anyone holding the link can read it until it expires or is revoked. Each opening is
        recorded in the audit trail.
      </p>
      {created ? (
        <div className="notice ok stack" role="status">
          <p>
            Share link made{created.recipient ? ` for ${created.recipient}` : ""}; it works until{" "}
            {at(created.expiresAt)}. Copy it now: Attest keeps only a fingerprint of it, so it is not shown again.
          </p>
          <CopyLink link={created.link} label="New share link" />
        </div>
      ) : null}
      {error ? (
        <p className="notice bad" role="alert">
          {error}
        </p>
      ) : null}
      {/* Keyed on the count, so the form empties once a link is made. */}
      <Form method="post" className="share-link-form" key={links.length}>
        <CsrfInput />
        <label>
          <span>
            For whom <span className="muted small">(optional)</span>
          </span>
          <input type="text" name="recipient" maxLength={120} placeholder="e.g. Dana, hiring manager" />
        </label>
        <label>
          Link works for
          <select name="days" defaultValue={String(defaultDays)}>
            {periods.map((p) => (
              <option key={p.days} value={p.days}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <div className="form-end">
          <button type="submit" name="intent" value="share" disabled={busy}>
            Create share link
          </button>
        </div>
      </Form>
      {links.length === 0 ? (
        <p className="muted">No share links yet.</p>
      ) : (
        <ul className="plain-list stack" aria-label="Share links">
          {links.map((link) => {
            const name = link.recipient || "Share link";
            return (
              <li key={link.id} className="share-link-row">
                <div>
                  <strong>{name}</strong> <span className={`badge ${badgeClass[link.state]}`}>{words[link.state]}</span>
                  <p className="muted small">{describeLink(link)}</p>
                </div>
                {link.state === "active" ? (
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="linkId" value={link.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="revoke-share"
                      className="secondary"
                      aria-label={`Revoke ${link.recipient ? `the link for ${link.recipient}` : "this share link"}`}
                      disabled={busy}
                    >
                      Revoke
                    </button>
                  </Form>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
