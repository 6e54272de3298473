import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { credentials, verdictChanges } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import { drainOutbox } from "#search/sync.server";
import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";
import { submitItems } from "#app/ingest/submit.server";
import { createVerifier } from "#app/verification/verifier.server";
import { recheckCredentials } from "./recheck.server";

describe.each(testDatabaseKinds())("re-checks on $name", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await kind.open();
  });
  afterAll(() => handle?.close());

  it("turns a skill back to claimed in search when a re-check finds the credential expired", async () => {
    let clock = new Date();
    const now = () => clock;
    const deps = { db: handle.db, verify: createVerifier(now), now };
    const search = createEmbeddedEngine();
    await search.prepare();

    const issuer = await generateIssuerKey({ name: "Short Courses Ltd" });
    const badge = await issueOpenBadge(issuer, {
      subject: { name: "Rex", email: "rex@example.com" },
      achievement: {
        name: "Scaffolding",
        description: "Erects scaffolding.",
        alignments: [{ targetName: "Scaffolding", targetUrl: "https://skills.example.org/scaffolding" }],
      },
      validFrom: new Date(clock.getTime() - 86_400_000),
      validUntil: new Date(clock.getTime() + 7 * 86_400_000),
    });
    const [stored] = await submitItems(deps, { name: "Rex", email: "rex@example.com", consent: true }, [
      { type: "text", text: JSON.stringify(badge), source: "paste" },
    ]);
    expect(stored).toMatchObject({ status: "stored", verdict: "verified" });
    await drainOutbox({ db: handle.db, search });
    const key = "url:skills.example.org/scaffolding";
    expect((await search.search({ verifiedSkills: [key] })).total).toBe(1);

    const named = await recheckCredentials(deps, {
      credentialIds: [stored.status === "stored" ? stored.credentialId : "", "cred_missing"],
      batchSize: 1,
    });
    expect(named.checked).toBe(1);
    const unchanged = await recheckCredentials(deps);
    expect(unchanged.changed).toEqual([]);
    expect(unchanged.checked).toBeGreaterThan(0);

    clock = new Date(clock.getTime() + 30 * 86_400_000);
    const progress: number[] = [];
    const summary = await recheckCredentials(deps, { batchSize: 1, onProgress: (n) => progress.push(n) });
    expect(summary.changed).toEqual([expect.objectContaining({ from: "verified", to: "failed", reason: "expired" })]);
    expect(progress.at(-1)).toBe(summary.checked);
    await drainOutbox({ db: handle.db, search });
    expect((await search.search({ verifiedSkills: [key] })).total).toBe(0);
    expect((await search.search({ verifiedSkills: [key], includeClaimed: true })).total).toBe(1);

    const changes = await handle.db.select().from(verdictChanges);
    expect(changes).toEqual([
      expect.objectContaining({ fromVerdict: "verified", toVerdict: "failed", reason: "expired" }),
    ]);
    if (stored.status === "stored") {
      const [row] = await handle.db.select().from(credentials).where(eq(credentials.id, stored.credentialId));
      expect(row.verdict).toBe("failed");
      expect(row.report.checks.find((c) => c.id === "validity")?.code).toBe("expired");
    }
  });
});
