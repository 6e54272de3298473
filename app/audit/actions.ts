// Kept out of audit.server.ts so the audit page's component (browser code) can list the actions too.

/**
 * Every audited action, as a stable code. Entries name candidates by id only (never by name or email), so the
 * trail outlives an erasure without keeping the erased person's data.
 */
export const AUDIT_ACTIONS = [
  "sign-in",
  "sign-in.failed",
  "sign-out",
  "password.change",
  "candidate.view",
  "credential.view",
  "export",
  "decision",
  "note",
  "re-verify",
  "registry.add",
  "registry.remove",
  "registry.import",
  "staff.invite",
  "staff.deactivate",
  "staff.role",
  "alias.change",
  "api-key.create",
  "api-key.revoke",
  "retention.set",
  "candidate.erase",
  "candidate.assert",
  "candidate.confirm",
  "submission.withdraw",
  "demo.seed",
  "demo.clear",
  "settings.change",
  "invitation.create",
  "invitation.close",
  "search-index.repair",
  "shortlist.share",
  "shortlist.share.revoke",
  "shortlist.share.view",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
