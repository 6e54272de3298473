/** The retention page's preview: the count it shows is what the job then erases, and previewing changes nothing. */
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { candidates } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { listAuditEvents } from "#app/audit/audit.server";
import type { Services } from "#app/services.server";
import { request, run, signedInStaff, testServices } from "#app/auth/test-helpers";
import { getRetentionDays, runRetention } from "#app/retention/retention.server";
import * as retentionRoute from "./admin.retention";

const DAY = 86_400_000;
const NOW = new Date("2030-01-01T09:00:00Z");

describe.each(testDatabaseKinds())("/admin/retention preview on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  let admin: Awaited<ReturnType<typeof signedInStaff>>;
  beforeAll(async () => {
    handle = await kind.open();
    services = await testServices(handle, () => NOW);
    admin = await signedInStaff(services, "admin");
    // Quiet for 400, 200, 181, 179 and 10 days: 180 days takes the first three.
    for (const [i, age] of [400, 200, 181, 179, 10].entries()) {
      const at = new Date(NOW.getTime() - age * DAY);
      await handle.db.insert(candidates).values({
        id: `cand_${i}`,
        displayName: `Candidate ${i}`,
        email: `candidate${i}@example.com`,
        consentedAt: at,
        consentTextVersion: "test",
        createdAt: at,
        updatedAt: at,
      });
    }
  });
  afterAll(() => handle?.close());

  const post = (form: Record<string, string>) =>
    run(
      retentionRoute.action,
      request("/admin/retention", { cookie: admin.cookie, form: { csrf: admin.csrfToken, ...form } }),
      services,
    );
  const remaining = async () => (await handle.db.select({ id: candidates.id }).from(candidates)).length;

  it("refuses a recruiter", async () => {
    const recruiter = await signedInStaff(services, "recruiter");
    const req = request("/admin/retention", {
      cookie: recruiter.cookie,
      form: { csrf: recruiter.csrfToken, intent: "preview", days: "180" },
    });
    expect((await run(retentionRoute.action, req, services)).status).toBe(403);
    expect(await getRetentionDays(handle.db)).toBeNull();
  });

  it("previews the count without saving, erasing or auditing; the job then erases exactly that many", async () => {
    const answer = await post({ intent: "preview", days: "180" });
    expect(answer.status).toBe(200);
    const { preview, saved } = (await answer.json()) as {
      saved: boolean;
      preview: { days: number; erase: number; cutoff: string };
    };
    expect(saved).toBe(false);
    expect(preview).toEqual({ days: 180, erase: 3, cutoff: new Date(NOW.getTime() - 180 * DAY).toISOString() });

    expect(await getRetentionDays(handle.db)).toBeNull();
    expect(await remaining()).toBe(5);
    expect(await listAuditEvents(handle.db, { action: "retention.set" })).toEqual([]);

    expect((await post({ intent: "save", days: "180" })).status).toBe(200);
    expect(await getRetentionDays(handle.db)).toBe(180);
    const run180 = await runRetention({ db: handle.db, now: () => NOW });
    expect(run180).toMatchObject({ status: "done", erased: preview.erase });
    expect(await remaining()).toBe(5 - preview.erase);
    expect(await handle.db.select().from(candidates).where(eq(candidates.id, "cand_3"))).toHaveLength(1);
  });

  it("previews a shorter period against the same rule, and says so when nobody would go", async () => {
    const shorter = (await (await post({ intent: "preview", days: "5" })).json()) as { preview: { erase: number } };
    expect(shorter.preview.erase).toBe(2);
    const none = (await (await post({ intent: "preview", days: "36500" })).json()) as { preview: { erase: number } };
    expect(none.preview.erase).toBe(0);
    expect(await getRetentionDays(handle.db)).toBe(180);
  });

  it("answers a bad period with a sentence and saves nothing", async () => {
    const bad = await post({ intent: "preview", days: "-3" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/whole number of days/);
  });
});
