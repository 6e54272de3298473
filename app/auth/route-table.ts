/**
 * Who may open each route module: the table behind app/auth/route-access.test.ts (loaders and actions called in
 * process) and `npm run stress -- access` (the same matrix over HTTP against a running server). Route files are
 * keyed by their name under app/routes; a new route without a row here fails the test until someone decides.
 */
import type { Role } from "./roles";

export type Access =
  | { kind: "public" }
  /** API-key routes: a session cookie never stands in for the key. */
  | { kind: "api-key" }
  /** Pages redirect a signed-out visitor to /sign-in; resources (JSON, CSV) answer 401. Both answer 403 below the role. */
  | { kind: "page" | "resource"; minimum: Role };

const page = (minimum: Role): Access => ({ kind: "page", minimum });
const resource = (minimum: Role): Access => ({ kind: "resource", minimum });
const PUBLIC: Access = { kind: "public" };

export const routes: Record<string, { path: string; access: Access; params?: Record<string, string> }> = {
  "_index.tsx": { path: "/", access: page("recruiter") },
  "account.tsx": { path: "/account", access: page("recruiter") },
  "admin.aliases.tsx": { path: "/admin/aliases", access: page("admin") },
  "admin.api-keys.tsx": { path: "/admin/api-keys", access: page("admin") },
  "admin.audit.tsx": { path: "/admin/audit", access: page("admin") },
  "admin.mail.tsx": { path: "/admin/mail", access: page("admin") },
  "admin.audit.export.ts": { path: "/admin/audit/export", access: resource("admin") },
  "admin.index-check.tsx": { path: "/admin/index-check", access: page("admin") },
  "admin.index-check[.json].ts": { path: "/admin/index-check.json", access: resource("admin") },
  "admin.retention.tsx": { path: "/admin/retention", access: page("admin") },
  "admin.registry.tsx": { path: "/admin/registry", access: page("admin") },
  "admin.users.tsx": { path: "/admin/users", access: page("admin") },
  "api.credentials.verify.ts": { path: "/api/credentials/verify", access: { kind: "api-key" } },
  "api.presentations.verify.ts": { path: "/api/presentations/verify", access: { kind: "api-key" } },
  "api.submissions.ts": { path: "/api/submissions", access: { kind: "api-key" } },
  "candidates.$candidateId.tsx": {
    path: "/candidates/cand_missing",
    access: page("recruiter"),
    params: { candidateId: "cand_missing" },
  },
  "confirm.$token.tsx": { path: "/confirm/nope", access: PUBLIC, params: { token: "nope" } },
  // A badge image: signed-out visitors are sent to sign in, as for the pages that show it.
  "credentials.$credentialId.image.ts": {
    path: "/credentials/cred_missing/image",
    access: page("recruiter"),
    params: { credentialId: "cred_missing" },
  },
  "erase.$token.tsx": { path: "/erase/nope", access: PUBLIC, params: { token: "nope" } },
  "exchanges.$exchangeId.ts": { path: "/exchanges/ex_missing", access: PUBLIC, params: { exchangeId: "ex_missing" } },
  "openid4vp.requests.$requestId.ts": {
    path: "/openid4vp/requests/vpr_missing",
    access: PUBLIC,
    params: { requestId: "vpr_missing" },
  },
  "openid4vp.responses.$requestId.ts": {
    path: "/openid4vp/responses/vpr_missing",
    access: PUBLIC,
    params: { requestId: "vpr_missing" },
  },
  "invitations._index.tsx": { path: "/invitations", access: page("recruiter") },
  "invitations.$invitationId/route.tsx": {
    path: "/invitations/inv_missing",
    access: page("recruiter"),
    params: { invitationId: "inv_missing" },
  },
  "invitations.$invitationId.qr[.svg].ts": {
    path: "/invitations/inv_missing/qr.svg",
    access: resource("recruiter"),
    params: { invitationId: "inv_missing" },
  },
  "review._index.tsx": { path: "/review", access: page("verifier") },
  "review.$credentialId.tsx": {
    path: "/review/cred_missing",
    access: page("verifier"),
    params: { credentialId: "cred_missing" },
  },
  "saved-searches._index.tsx": { path: "/saved-searches", access: page("recruiter") },
  "saved-searches.$savedSearchId.tsx": {
    path: "/saved-searches/ss_missing",
    access: page("recruiter"),
    params: { savedSearchId: "ss_missing" },
  },
  "search/route.tsx": { path: "/search", access: page("recruiter") },
  "search.export.ts": { path: "/search/export", access: resource("recruiter") },
  "set-password.$token.tsx": { path: "/set-password/nope", access: PUBLIC, params: { token: "nope" } },
  "shared.$token.tsx": { path: "/shared/nope", access: PUBLIC, params: { token: "nope" } },
  "shortlists.$shortlistId._index.tsx": {
    path: "/shortlists/sl_missing",
    access: page("recruiter"),
    params: { shortlistId: "sl_missing" },
  },
  "shortlists.$shortlistId.export.ts": {
    path: "/shortlists/sl_missing/export",
    access: resource("recruiter"),
    params: { shortlistId: "sl_missing" },
  },
  "shortlists._index.tsx": { path: "/shortlists", access: page("recruiter") },
  "sign-in.tsx": { path: "/sign-in", access: PUBLIC },
  "sign-out.ts": { path: "/sign-out", access: PUBLIC },
  "skills.suggest.ts": { path: "/skills/suggest?prefix=py", access: resource("recruiter") },
  "submit.$token.tsx": { path: "/submit/nope", access: PUBLIC, params: { token: "nope" } },
  "submit._index.tsx": { path: "/submit", access: PUBLIC },
  "wallet-requests._index.tsx": { path: "/wallet-requests", access: page("recruiter") },
  "wallet-requests.$requestId.tsx": {
    path: "/wallet-requests/vpr_missing",
    access: page("recruiter"),
    params: { requestId: "vpr_missing" },
  },
  "withdraw.$token.tsx": { path: "/withdraw/nope", access: PUBLIC, params: { token: "nope" } },
};

export type Visitor = "anonymous" | Role;
export const VISITORS: Visitor[] = ["anonymous", "recruiter", "verifier", "admin"];
export type Outcome = "allowed" | "sent to sign in" | "401" | "403";

export function expected(access: Access, visitor: Visitor, method: "GET" | "POST"): Outcome {
  if (access.kind === "public") return "allowed";
  // The API routes answer GET with 405 whoever asks; POST needs a key, which no visitor here has.
  if (access.kind === "api-key") return method === "GET" ? "allowed" : "401";
  if (visitor === "anonymous") return access.kind === "page" ? "sent to sign in" : "401";
  const order: Role[] = ["recruiter", "verifier", "admin"];
  return order.indexOf(visitor) >= order.indexOf(access.minimum) ? "allowed" : "403";
}

export function outcomeOf(response: Response): Outcome {
  if (response.status === 401) return "401";
  if (response.status === 403) return "403";
  if (response.headers.get("location")?.startsWith("/sign-in?redirectTo=")) return "sent to sign in";
  return "allowed";
}
