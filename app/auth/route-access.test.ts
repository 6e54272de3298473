/**
 * Every route module × every kind of visitor: the server refuses what a role may not do. Route files are listed
 * from the file system, so a new route without a row here fails this test until someone decides who may open it.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import type { Services } from "#app/services.server";
import type { Role } from "./roles";
import { createStaffSession, getStaffUser } from "./session.server";
import { cookieFrom, ORIGIN, request, run, signedInStaff, testServices } from "./test-helpers";

type Access =
  | { kind: "public" }
  /** API-key routes: a session cookie never stands in for the key. */
  | { kind: "api-key" }
  /** Pages redirect a signed-out visitor to /sign-in; resources (JSON, CSV) answer 401. Both answer 403 below the role. */
  | { kind: "page" | "resource"; minimum: Role };

const page = (minimum: Role): Access => ({ kind: "page", minimum });
const resource = (minimum: Role): Access => ({ kind: "resource", minimum });
const PUBLIC: Access = { kind: "public" };

const routes: Record<string, { path: string; access: Access; params?: Record<string, string> }> = {
  "_index.tsx": { path: "/", access: page("recruiter") },
  "account.tsx": { path: "/account", access: page("recruiter") },
  "admin.aliases.tsx": { path: "/admin/aliases", access: page("admin") },
  "admin.audit.tsx": { path: "/admin/audit", access: page("admin") },
  "admin.audit.export.ts": { path: "/admin/audit/export", access: resource("admin") },
  "admin.index-check.ts": { path: "/admin/index-check", access: resource("admin") },
  "admin.retention.tsx": { path: "/admin/retention", access: page("admin") },
  "admin.registry.tsx": { path: "/admin/registry", access: page("admin") },
  "admin.users.tsx": { path: "/admin/users", access: page("admin") },
  "api.credentials.verify.ts": { path: "/api/credentials/verify", access: { kind: "api-key" } },
  "api.presentations.verify.ts": { path: "/api/presentations/verify", access: { kind: "api-key" } },
  "api.submissions.ts": { path: "/api/submissions", access: { kind: "api-key" } },
  "candidates.$candidateId.tsx": { path: "/candidates/cand_missing", access: page("recruiter"), params: { candidateId: "cand_missing" } },
  "exchanges.$exchangeId.ts": { path: "/exchanges/ex_missing", access: PUBLIC, params: { exchangeId: "ex_missing" } },
  "review._index.tsx": { path: "/review", access: page("verifier") },
  "review.$credentialId.tsx": { path: "/review/cred_missing", access: page("verifier"), params: { credentialId: "cred_missing" } },
  "search/route.tsx": { path: "/search", access: page("recruiter") },
  "search.export.ts": { path: "/search/export", access: resource("recruiter") },
  "set-password.$token.tsx": { path: "/set-password/nope", access: PUBLIC, params: { token: "nope" } },
  "shortlists.$shortlistId._index.tsx": { path: "/shortlists/sl_missing", access: page("recruiter"), params: { shortlistId: "sl_missing" } },
  "shortlists.$shortlistId.export.ts": { path: "/shortlists/sl_missing/export", access: resource("recruiter"), params: { shortlistId: "sl_missing" } },
  "shortlists._index.tsx": { path: "/shortlists", access: page("recruiter") },
  "sign-in.tsx": { path: "/sign-in", access: PUBLIC },
  "sign-out.ts": { path: "/sign-out", access: PUBLIC },
  "skills.suggest.ts": { path: "/skills/suggest?prefix=py", access: resource("recruiter") },
  "submit.$token.tsx": { path: "/submit/nope", access: PUBLIC, params: { token: "nope" } },
  "submit._index.tsx": { path: "/submit", access: PUBLIC },
  "withdraw.$token.tsx": { path: "/withdraw/nope", access: PUBLIC, params: { token: "nope" } },
};

const routesDir = path.join(process.cwd(), "app/routes");
function routeFiles(): string[] {
  return readdirSync(routesDir)
    .flatMap((name) => (statSync(path.join(routesDir, name)).isDirectory() ? [`${name}/route.tsx`] : [name]))
    .filter((name) => /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name))
    .sort();
}

type Visitor = "anonymous" | Role;
const VISITORS: Visitor[] = ["anonymous", "recruiter", "verifier", "admin"];
type Outcome = "allowed" | "sent to sign in" | "401" | "403";

function expected(access: Access, visitor: Visitor, method: "GET" | "POST"): Outcome {
  if (access.kind === "public") return "allowed";
  // The API routes answer GET with 405 whoever asks; POST needs a key, which no visitor here has.
  if (access.kind === "api-key") return method === "GET" ? "allowed" : "401";
  if (visitor === "anonymous") return access.kind === "page" ? "sent to sign in" : "401";
  const order: Role[] = ["recruiter", "verifier", "admin"];
  return order.indexOf(visitor) >= order.indexOf(access.minimum) ? "allowed" : "403";
}

function outcomeOf(response: Response): Outcome {
  if (response.status === 401) return "401";
  if (response.status === 403) return "403";
  if (response.headers.get("location")?.startsWith("/sign-in?redirectTo=")) return "sent to sign in";
  return "allowed";
}

it("every route module has a row in the access table", () => {
  expect(Object.keys(routes).sort()).toEqual(routeFiles());
});

describe.each(testDatabaseKinds())("route access on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  const staff = {} as Record<Role, { id: string }>;
  beforeAll(async () => {
    handle = await kind.open();
    services = await testServices(handle);
    for (const role of ["recruiter", "verifier", "admin"] as const) staff[role] = await signedInStaff(services, role);
  });
  afterAll(() => handle?.close());

  async function newSession(userId: string) {
    const cookie = cookieFrom(await createStaffSession(services, new Request(ORIGIN), userId));
    const identity = await getStaffUser(new Request(ORIGIN, { headers: { cookie } }), services);
    return { cookie, csrfToken: identity!.csrfToken };
  }

  const cases = Object.entries(routes).flatMap(([file, row]) =>
    VISITORS.flatMap((visitor) => (["GET", "POST"] as const).map((method) => ({ file, row, visitor, method }))),
  );

  it.each(cases)("$method $row.path as $visitor ($file)", async ({ file, row, visitor, method }) => {
    const module = await import(`../routes/${file.replace(/\.tsx?$/, "")}`);
    const handler = method === "GET" ? module.loader : module.action;
    if (!handler) return; // no loader / no action: Remix answers 405 itself
    // A session of its own for each case: POST /sign-out ends the session it is sent with.
    const who = visitor === "anonymous" ? undefined : await newSession(staff[visitor].id);
    // A signed-in visitor's POST carries their CSRF token, so this test sees the role check, not the CSRF check.
    const req = request(row.path, {
      method,
      cookie: who?.cookie,
      form: method === "POST" ? { csrf: who?.csrfToken ?? "" } : undefined,
    });
    const response = await run(handler, req, services, row.params);
    expect(outcomeOf(response)).toBe(expected(row.access, visitor, method));
  });
});
