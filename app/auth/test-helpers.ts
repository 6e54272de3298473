/** Shared by the auth tests: services on a test database, staff members with sessions, requests with their cookie. */
import type { ActionFunctionArgs, AppLoadContext } from "@remix-run/node";
import type { DatabaseHandle } from "#db/client.server";
import type { Services } from "#app/services.server";
import { createVerifier } from "#app/verification/verifier.server";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import type { Role } from "./roles";
import { createStaffSession, getStaffUser } from "./session.server";
import { createStaffUser } from "./staff-accounts.server";

export const ORIGIN = "http://attest.test";

/** A clock the test moves by hand. */
export function testClock(start = new Date("2030-01-01T09:00:00Z")) {
  let current = start.getTime();
  return { now: () => new Date(current), advance: (ms: number) => void (current += ms) };
}

export async function testServices(handle: DatabaseHandle, now: () => Date = () => new Date()): Promise<Services> {
  const search = createEmbeddedEngine();
  await search.prepare();
  return {
    db: handle.db,
    search,
    verify: createVerifier(now),
    safeFetch: (async () => {
      throw new Error("no network in tests");
    }) as unknown as Services["safeFetch"],
    indexer: { nudge: () => {}, flush: async () => ({ indexed: 0, removed: 0, failed: 0 }), stop: async () => {} },
    mailer: {
      nudge: () => {},
      flush: async () => ({ sent: 0, failed: 0, waiting: 0 }),
      mode: "outbox",
      stop: async () => {},
    },
    publicUrl: ORIGIN,
    now,
    log: () => {},
    describe: { database: "test", search: "embedded" },
    close: async () => {},
  };
}

/** `name=value` for a Cookie header, from a Set-Cookie header. */
export const cookieFrom = (setCookie: string) => setCookie.split(";")[0];

let counter = 0;
/** A staff member with a password and a live session: the cookie and CSRF token a browser would hold. */
export async function signedInStaff(services: Services, role: Role, password = "correct horse battery") {
  const created = await createStaffUser(services, { email: `${role}-${++counter}@example.com`, role, password });
  if (created.status !== "created") throw new Error(created.message);
  const cookie = cookieFrom(await createStaffSession(services, new Request(ORIGIN), created.user.id));
  const identity = await getStaffUser(new Request(ORIGIN, { headers: { cookie } }), services);
  return { ...created.user, password, cookie, csrfToken: identity!.csrfToken };
}

export function request(path: string, init: { method?: string; cookie?: string; form?: Record<string, string> } = {}) {
  const headers = new Headers();
  if (init.cookie) headers.set("cookie", init.cookie);
  const body = init.form ? new URLSearchParams(init.form) : undefined;
  if (body) headers.set("content-type", "application/x-www-form-urlencoded");
  return new Request(new URL(path, ORIGIN), { method: init.method ?? (body ? "POST" : "GET"), headers, body });
}

type Handler = (args: ActionFunctionArgs) => unknown;

/** Runs a loader or action the way Remix does: a Response comes back, returned or thrown. */
export async function run(handler: Handler, req: Request, services: Services, params: Record<string, string> = {}) {
  try {
    const result = await handler({
      request: req,
      params,
      context: { services, clientAddress: "192.0.2.1" } as AppLoadContext,
    });
    if (result instanceof Response) return result;
    throw new Error(`handler returned ${typeof result}, not a Response`);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
