import { count, eq } from "drizzle-orm";
import { getDemoAccounts } from "#app/auth/demo-accounts.server";
import { signIn } from "#app/auth/staff-accounts.server";
import { createVerifier } from "#app/services.server";
import type { DatabaseHandle } from "./client.server";
import { getSetting } from "./queries/settings.server";
import { candidates, credentials } from "./schema/index";
import { seedDemoData } from "./seed.server";
import { testDatabaseKinds } from "./test-databases";

describe.each(testDatabaseKinds())("demo seed on $name", (kind) => {
  let handle: DatabaseHandle;
  const now = () => new Date();
  beforeAll(async () => {
    handle = await kind.open();
  });
  afterAll(() => handle?.close());

  it("signs and submits real credentials once, and never seeds twice", async () => {
    const services = { db: handle.db, verify: createVerifier(now), now, log: () => {} };
    const first = await seedDemoData(services);
    expect(first.seeded).toBe(true);
    const [people] = await handle.db.select({ n: count() }).from(candidates);
    expect(Number(people.n)).toBe(50);
    const [verified] = await handle.db.select({ n: count() }).from(credentials).where(eq(credentials.verdict, "verified"));
    const [failed] = await handle.db.select({ n: count() }).from(credentials).where(eq(credentials.verdict, "failed"));
    expect(Number(verified.n)).toBeGreaterThan(50);
    // Some demo credentials are expired on purpose, so the demo shows claimed skills beside verified ones.
    expect(Number(failed.n)).toBeGreaterThan(0);
    const issuer = await getSetting<{ did: string }>(handle.db, "demo.issuer-key");
    expect(issuer?.did).toMatch(/^did:key:z6Mk/);
    // Demo staff accounts come only with the demo data, and their published password works.
    const demo = await getDemoAccounts(handle.db);
    expect(demo?.accounts.map((a) => a.role)).toEqual(["recruiter", "verifier", "admin"]);
    const signedIn = await signIn(services, new Request("http://attest.test/sign-in"), {
      email: demo!.accounts[0].email,
      password: demo!.password,
      clientAddress: "192.0.2.1",
    });
    expect(signedIn.status).toBe("signed-in");

    const second = await seedDemoData(services);
    expect(second).toEqual({ seeded: false, credentials: 0 });
    const [again] = await handle.db.select({ n: count() }).from(credentials);
    expect(Number(again.n)).toBe(first.credentials);
  });
});
