import type { AuditAction } from "./actions";

/** What an audit entry says, in words, for the audit page and its export (browser-safe: no server imports). */
export interface AuditEntryFacts {
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  detail: Record<string, unknown>;
}

const plain: Record<AuditAction, string> = {
  "sign-in": "Signed in",
  "sign-in.failed": "Failed to sign in",
  "sign-out": "Signed out",
  "password.change": "Changed their password",
  "candidate.view": "Viewed a candidate's records",
  "credential.view": "Viewed a credential's report",
  export: "Exported",
  decision: "Decided on a credential",
  note: "Added a note to a credential",
  "re-verify": "Re-verified a credential",
  "registry.add": "Added a trusted issuer",
  "registry.remove": "Removed a trusted issuer",
  "registry.import": "Imported a trust registry",
  "staff.invite": "Invited a staff member",
  "staff.deactivate": "Deactivated a staff account",
  "staff.role": "Changed a staff member's role",
  "alias.change": "Changed a skill alias",
  "api-key.create": "Created an API key",
  "api-key.revoke": "Revoked an API key",
  "retention.set": "Set the retention period",
  "candidate.erase": "Erased a candidate",
  "candidate.assert": "Asserted a candidate's identity",
  "candidate.confirm": "A candidate confirmed their email",
  "submission.withdraw": "A candidate withdrew a submission",
  "demo.seed": "Loaded the demo data",
  "demo.clear": "Removed the demo data",
  "settings.change": "Changed a setting",
  "invitation.create": "Created an invitation",
  "invitation.close": "Closed an invitation",
  "search-index.repair": "Repaired the search index",
  "shortlist.share": "Shared a shortlist through a read-only link",
  "shortlist.share.revoke": "Revoked a shortlist's share link",
  "shortlist.share.view": "A share link's holder viewed a shortlist",
};

const failedSignIn: Record<string, string> = {
  "rate-limited": "too many attempts",
  "unknown-account": "no such account",
  "no-password-set": "password not set yet",
  "wrong-password": "wrong password",
  deactivated: "account deactivated",
};

const erasure: Record<string, string> = {
  withdrawn: "the candidate withdrew",
  retention: "past the retention period",
  admin: "by an admin",
  "erase-all": "the candidate asked, through a link mailed to their address",
};

const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : "");

/** "Exported search results (12 rows)", "Erased a candidate (past the retention period; 3 credentials)". */
export function describeAuditEntry(entry: AuditEntryFacts): string {
  const d = entry.detail;
  const base = plain[entry.action as AuditAction] ?? entry.action;
  switch (entry.action) {
    case "sign-in.failed":
      return `${base}${d.email ? ` as ${text(d.email)}` : ""} (${failedSignIn[text(d.reason)] ?? text(d.reason)})`;
    case "export": {
      const rows = typeof d.rows === "number" ? ` (${d.rows} ${d.rows === 1 ? "row" : "rows"})` : "";
      const what = d.what === "shortlist" && d.name ? `shortlist “${text(d.name)}”` : text(d.what) || "data";
      return `Exported ${what}${rows}`;
    }
    case "candidate.erase": {
      const credentials = typeof d.credentials === "number" ? `; ${d.credentials} credential(s)` : "";
      return `${base} (${erasure[text(d.reason)] ?? text(d.reason)}${credentials})`;
    }
    case "candidate.assert":
      return `${base} (${text(d.via)}${d.key ? ` “${text(d.key)}”` : ""})`;
    case "submission.withdraw": {
      const credentials = typeof d.credentials === "number" ? `${d.credentials} credential(s)` : "";
      return `${base} (${credentials}${d.candidateErased ? "; the record it created went too" : ""})`;
    }
    case "settings.change":
      return `${base}: ${text(d.setting)} = ${text(d.value)}`;
    case "search-index.repair":
      return `${base} (${text(d.enqueued)} index update(s) queued: ${text(d.lost)} lost, ${text(d.stale)} stale, ${text(d.orphaned)} orphaned)`;
    case "retention.set":
      return d.days ? `${base} to ${text(d.days)} days` : "Turned the retention period off";
    case "staff.invite":
      return `${base}: ${text(d.email)} as ${text(d.role)}`;
    case "staff.role":
      return `${base}: ${text(d.email)} from ${text(d.from)} to ${text(d.to)}`;
    case "alias.change":
      return d.intent === "remove"
        ? `Removed the skill alias “${text(entry.subjectId)}”`
        : `Mapped the skill alias “${text(entry.subjectId)}” to ${text(d.label) || text(d.skillKey)}`;
    case "invitation.create":
      return d.title
        ? `${base} “${text(d.title)}”${d.expiresAt ? ` (its link stops working ${text(d.expiresAt).slice(0, 16).replace("T", " ")} UTC)` : ""}`
        : base;
    case "shortlist.share": {
      const until = d.expiresAt ? ` until ${text(d.expiresAt).slice(0, 16).replace("T", " ")} UTC` : "";
      return `${base}${d.recipient ? ` for “${text(d.recipient)}”` : ""}${until}`;
    }
    case "shortlist.share.view": {
      const shown = Array.isArray(d.candidates) ? d.candidates.length : null;
      return shown === null ? base : `${base} (${shown} candidate${shown === 1 ? "" : "s"} shown)`;
    }
    case "api-key.create":
      return d.name ? `${base} “${text(d.name)}”` : base;
    default:
      return base;
  }
}
