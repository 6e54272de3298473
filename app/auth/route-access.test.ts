/**
 * Every route module × every kind of visitor: the server refuses what a role may not do. Route files are listed
 * from the file system, so a new route without a row in the table (./route-table.ts, also driven over HTTP by
 * `npm run stress -- access`) fails this test until someone decides who may open it.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import type { Services } from "#app/services.server";
import type { Role } from "./roles";
import { expected, outcomeOf, routes, VISITORS } from "./route-table";
import { createStaffSession, getStaffUser } from "./session.server";
import { cookieFrom, ORIGIN, request, run, signedInStaff, testServices } from "./test-helpers";

const routesDir = path.join(process.cwd(), "app/routes");
function routeFiles(): string[] {
  return readdirSync(routesDir)
    .flatMap((name) => (statSync(path.join(routesDir, name)).isDirectory() ? [`${name}/route.tsx`] : [name]))
    .filter((name) => /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name))
    .sort();
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
