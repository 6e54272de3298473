/** Issue 11, finding 6: a self-signed "diploma mill" is verified by signature; an admin can make search count only
 * registered issuers, and results say which verified skills a registered issuer backs. */
import type { DatabaseHandle } from "#db/client.server";
import { upsertTrustedIssuers } from "#db/queries/trusted-issuers.server";
import { testDatabaseKinds } from "#db/test-databases";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import { drainOutbox } from "#search/sync.server";
import { cliActor } from "#app/audit/audit.server";
import { getDashboard } from "#app/dashboard/dashboard.server";
import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";
import { submitItems } from "#app/ingest/submit.server";
import { createVerifier } from "#app/verification/verifier.server";
import { setVerifiedPolicy } from "#app/verification/verified-policy.server";
import { exportSearchCsv, findCandidates } from "./find-candidates.server";
import { parseCandidateSearchParams } from "./search-params";

describe.each(testDatabaseKinds())("what verified means on $name", (kind) => {
  let handle: DatabaseHandle;
  const now = () => new Date("2026-06-01T12:00:00Z");

  beforeAll(async () => {
    handle = await kind.open();
  });
  afterAll(() => handle?.close());

  it("counts self-signed credentials by default, marks them on results, facets and in the CSV, and drops them under the registered-issuers policy from search, facets, the pick list and the dashboard alike", async () => {
    const university = await generateIssuerKey({ name: "Registered University" });
    const mill = await generateIssuerKey({ name: "Attacker Diploma Mill" });
    await upsertTrustedIssuers(handle.db, [
      { issuerId: university.did, name: "Registered University", registry: "test" },
    ]);
    const badge = (issuer: typeof mill, email: string) =>
      issueOpenBadge(issuer, {
        subject: { name: "X", email },
        achievement: {
          name: "Welding",
          description: "Welds.",
          alignments: [{ targetName: "Welding", targetUrl: "https://skills.example.org/welding" }],
        },
        validFrom: new Date("2026-01-01T00:00:00Z"),
      });
    const deps = { db: handle.db, verify: createVerifier(now), now };
    await submitItems(deps, { name: "Una Registered", email: "una@example.com", consent: true }, [
      { type: "text", source: "t", text: JSON.stringify(await badge(university, "una@example.com")) },
    ]);
    await submitItems(deps, { name: "Milo Mill", email: "milo@example.com", consent: true }, [
      { type: "text", source: "t", text: JSON.stringify(await badge(mill, "milo@example.com")) },
    ]);
    const search = createEmbeddedEngine();
    await search.prepare();
    await drainOutbox({ db: handle.db, search });
    const services = { db: handle.db, search };
    const params = parseCandidateSearchParams(new URL("http://x/search"));
    const byName = (hits: Array<{ displayName: string }>) => hits.map((h) => h.displayName).sort();

    const before = await findCandidates(services, params);
    expect(byName(before.result.hits)).toEqual(["Milo Mill", "Una Registered"]);
    const card = (search: typeof before, name: string) => search.cards.find((c) => c.displayName === name)!;
    expect(card(before, "Milo Mill").otherSkills).toEqual([{ label: "Welding", registered: false }]);
    expect(card(before, "Una Registered").otherSkills).toEqual([{ label: "Welding", registered: true }]);
    // Searched for, the skill comes first on each card with its evidence (one query over the database).
    const bySkill = await findCandidates(
      services,
      parseCandidateSearchParams(new URL("http://x/search?skill=url:skills.example.org/welding")),
    );
    expect(card(bySkill, "Una Registered").matched).toEqual([
      expect.objectContaining({ label: "Welding", evidence: "1 credential · registered issuer · 2026" }),
    ]);
    expect(card(bySkill, "Milo Mill").matched[0]?.evidence).toBe("1 credential · issuer not on the registry · 2026");
    const csv = await exportSearchCsv(services, params);
    expect(csv).toContain("verified skills from registered issuers");
    // The skill facet says how many of each skill's candidates a registered issuer backs: "Welding 2 · 1 from …".
    const una = before.result.hits.find((h) => h.displayName === "Una Registered")!;
    const [welding] = una.verifiedSkills;
    expect(before.result.facets.verifiedSkills).toEqual({ [welding]: 2 });
    expect(before.registeredSkillCounts).toEqual({ [welding]: 1 });
    // The dashboard counts as search does.
    const dashboardBefore = await getDashboard(handle.db, { now: now(), period: "day" });
    expect(dashboardBefore.totals.verifiedCredentials).toBe(2);
    expect(dashboardBefore.topSkills).toEqual([{ key: welding, label: "Welding", candidates: 2 }]);
    expect(dashboardBefore.topIssuers.map((i) => i.name).sort()).toEqual([
      "Attacker Diploma Mill",
      "Registered University",
    ]);

    await setVerifiedPolicy(handle.db, cliActor(), "registered-issuers");
    const after = await findCandidates(services, params);
    expect(byName(after.result.hits)).toEqual(["Una Registered"]);
    expect(after.result.total).toBe(1);
    expect(await exportSearchCsv(services, params)).not.toContain("Milo Mill");
    expect(after.result.facets.verifiedSkills).toEqual({ [welding]: 1 });
    expect(after.registeredSkillCounts).toBeNull();
    expect(after.skillOptions).toEqual([{ key: welding, label: "Welding", candidates: 1 }]);
    const dashboard = await getDashboard(handle.db, { now: now(), period: "day" });
    expect(dashboard.policy).toBe("registered-issuers");
    expect(dashboard.totals.verifiedCredentials).toBe(after.result.total);
    expect(dashboard.topSkills).toEqual([
      { key: welding, label: "Welding", candidates: after.result.facets.verifiedSkills[welding] },
    ]);
    expect(dashboard.topIssuers.map((i) => i.name)).toEqual(["Registered University"]);
    expect(dashboard.outcomes).toMatchObject({ verified: 1, unregistered: 1 });
    expect(dashboard.submissions.buckets.at(-1)).toMatchObject({ verified: 1, unregistered: 1 });
  });
});
