import { count, eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { getSetting } from "#db/queries/settings.server";
import { candidates, credentials, staffUsers } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { cliActor } from "#app/audit/audit.server";
import { getDemoAccounts } from "#app/auth/demo-accounts.server";
import { createStaffUser, signIn } from "#app/auth/staff-accounts.server";
import { createVerifier } from "#app/verification/verifier.server";
import { clearDemoData, decideDemoOnStart, isDemoLoaded, seedDemoData, seedDemoOnStart } from "./seed.server";

describe("when npm start seeds the demo (issue 11, finding 2)", () => {
  const fresh = { dataFolderExisted: false, staffAccounts: 0 };
  it("seeds only a brand-new embedded data folder with no staff account", () => {
    expect(decideDemoOnStart({}, fresh).seed).toBe(true);
    expect(decideDemoOnStart({ ATTEST_DEMO: "0" }, fresh)).toMatchObject({ seed: false, reason: "ATTEST_DEMO=0" });
    expect(decideDemoOnStart({ DATABASE_URL: "postgres://x" }, fresh)).toMatchObject({
      seed: false,
      reason: expect.stringMatching(/PostgreSQL/),
    });
    expect(decideDemoOnStart({}, { ...fresh, dataFolderExisted: true }).seed).toBe(false);
    expect(decideDemoOnStart({}, { ...fresh, staffAccounts: 1 }).seed).toBe(false);
  });

  it("seeds any database when asked with ATTEST_DEMO=1", () => {
    expect(decideDemoOnStart({ ATTEST_DEMO: "1", DATABASE_URL: "postgres://x" }, fresh)).toMatchObject({
      seed: true,
      reason: "ATTEST_DEMO=1",
    });
    expect(decideDemoOnStart({ ATTEST_DEMO: "1" }, { ...fresh, dataFolderExisted: true }).seed).toBe(true);
    expect(
      decideDemoOnStart({ ATTEST_DEMO: "1", DATABASE_URL: "postgres://x" }, { ...fresh, staffAccounts: 3 }).seed,
    ).toBe(true);
  });
});

describe.each(testDatabaseKinds())("demo seed on $name", (kind) => {
  let handle: DatabaseHandle;
  const now = () => new Date();
  beforeAll(async () => {
    handle = await kind.open();
  });
  afterAll(() => handle?.close());
  const services = () => ({ db: handle.db, verify: createVerifier(now), now, log: () => {} });

  it("an admin created before the first start means no demo data and no demo account", async () => {
    const other = await kind.open();
    try {
      await createStaffUser(
        { db: other.db, now },
        { email: "owner@example.com", role: "admin", password: "a long real password" },
      );
      const started = await seedDemoOnStart({ ...services(), db: other.db }, {}, false);
      expect(started.seeded).toBe(false);
      expect(await getDemoAccounts(other.db)).toBeNull();
      expect(await other.db.select().from(staffUsers).where(eq(staffUsers.email, "admin@demo.attest"))).toEqual([]);
    } finally {
      await other.close();
    }
  }, 120_000);

  it("signs and submits real credentials once, with a password made for this installation, and clears without a trace", async () => {
    const logged: string[] = [];
    const first = await seedDemoData({ ...services(), log: (m) => logged.push(m) });
    expect(first.seeded).toBe(true);
    const [people] = await handle.db.select({ n: count() }).from(candidates);
    expect(Number(people.n)).toBe(50);
    const [verified] = await handle.db
      .select({ n: count() })
      .from(credentials)
      .where(eq(credentials.verdict, "verified"));
    const [failed] = await handle.db.select({ n: count() }).from(credentials).where(eq(credentials.verdict, "failed"));
    expect(Number(verified.n)).toBeGreaterThan(50);
    // Some demo credentials are expired on purpose, so the demo shows claimed skills beside verified ones.
    expect(Number(failed.n)).toBeGreaterThan(0);
    const issuer = await getSetting<{ did: string }>(handle.db, "demo.issuer-key");
    expect(issuer?.did).toMatch(/^did:key:z6Mk/);

    const demo = await getDemoAccounts(handle.db);
    expect(demo?.accounts.map((a) => a.role)).toEqual(["recruiter", "verifier", "admin"]);
    expect(demo?.password).not.toBe("attest-demo-password");
    expect(demo?.password).toMatch(/^demo-[\w-]{16}$/);
    expect(logged.filter((line) => line.includes(demo!.password))).toHaveLength(1);
    const signedIn = await signIn(services(), new Request("http://attest.test/sign-in"), {
      email: demo!.accounts[2].email,
      password: demo!.password,
      clientAddress: "192.0.2.1",
    });
    expect(signedIn.status).toBe("signed-in");
    expect(await isDemoLoaded(handle.db)).toBe(true);

    const second = await seedDemoData(services());
    expect(second).toEqual({ seeded: false, credentials: 0 });
    const [again] = await handle.db.select({ n: count() }).from(credentials);
    expect(Number(again.n)).toBe(first.credentials);

    expect(await clearDemoData(services(), cliActor())).toEqual({ candidates: 50, staffAccounts: 3 });
    expect(await isDemoLoaded(handle.db)).toBe(false);
    expect(await getDemoAccounts(handle.db)).toBeNull();
    expect(await handle.db.select({ n: count() }).from(candidates)).toEqual([{ n: 0 }]);
    const refused = await signIn(services(), new Request("http://attest.test/sign-in"), {
      email: "admin@demo.attest",
      password: demo!.password,
      clientAddress: "192.0.2.1",
    });
    expect(refused.status).not.toBe("signed-in");
    // Seeding signs and verifies ~150 credentials: on a loaded two-core machine that takes more than the default 30 s.
  }, 120_000);
});
