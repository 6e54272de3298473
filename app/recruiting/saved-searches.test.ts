/**
 * Issue 14, point 7: a recruiter saves a search and sees "n new matches since your last visit". New means: matches
 * now and did not match at the last visit (docs/decisions/051-saved-searches.md), under either "verified means"
 * policy and after erasure; nobody reads another's saved searches.
 */
import type { DatabaseHandle } from "#db/client.server";
import { upsertTrustedIssuers } from "#db/queries/trusted-issuers.server";
import { staffUsers } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import type { SearchEngine } from "#search/engine";
import { drainOutbox } from "#search/sync.server";
import { cliActor } from "#app/audit/audit.server";
import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";
import { submitItems } from "#app/ingest/submit.server";
import { eraseCandidate } from "#app/retention/erasure.server";
import { createVerifier } from "#app/verification/verifier.server";
import { setVerifiedPolicy } from "#app/verification/verified-policy.server";
import { testClock } from "#app/auth/test-helpers";
import {
  getSavedSearchFor,
  listSavedSearchSummaries,
  openSavedSearch,
  removeSavedSearch,
  renameSavedSearch,
  saveSearch,
} from "./saved-searches.server";
import { parseCandidateSearchParams } from "./search-params";

const WELDING = "url:skills.example.org/welding";
const BRAZING = "url:skills.example.org/brazing";

describe.each(testDatabaseKinds())("saved searches on $name", (kind) => {
  let handle: DatabaseHandle;
  let search: SearchEngine;
  const clock = testClock(new Date("2026-06-01T12:00:00Z"));
  let university: Awaited<ReturnType<typeof generateIssuerKey>>;
  let mill: Awaited<ReturnType<typeof generateIssuerKey>>;

  const deps = () => ({ db: handle.db, search, now: clock.now });
  const params = (query: string) => parseCandidateSearchParams(new URL(`http://x/search${query}`));
  const summary = async (owner: string, name: string) =>
    (await listSavedSearchSummaries(deps(), owner)).find((s) => s.name === name)!;

  /** A candidate with one verified badge per skill name, from `issuer`; returns their id once indexed. */
  async function submit(name: string, email: string, issuer: typeof mill, skills: string[]) {
    const items = [];
    for (const skill of skills)
      items.push({
        type: "text" as const,
        source: skill,
        text: JSON.stringify(
          await issueOpenBadge(issuer, {
            subject: { name, email },
            achievement: {
              name: skill,
              description: `${skill}.`,
              alignments: [{ targetName: skill, targetUrl: `https://skills.example.org/${skill.toLowerCase()}` }],
            },
            validFrom: new Date("2026-01-01T00:00:00Z"),
          }),
        ),
      });
    const outcomes = await submitItems(
      { db: handle.db, verify: createVerifier(clock.now), now: clock.now },
      { name, email, consent: true },
      items,
    );
    await drainOutbox({ db: handle.db, search });
    const stored = outcomes.find((o) => o.status === "stored");
    if (!stored || stored.status !== "stored") throw new Error(`not stored: ${JSON.stringify(outcomes)}`);
    return stored.candidateId;
  }

  beforeAll(async () => {
    handle = await kind.open();
    search = createEmbeddedEngine();
    await search.prepare();
    await handle.db.insert(staffUsers).values([
      { id: "u_rita", email: "rita@example.com", name: "Rita", role: "recruiter" },
      { id: "u_sam", email: "sam@example.com", name: "Sam", role: "recruiter" },
    ]);
    university = await generateIssuerKey({ name: "Registered University" });
    mill = await generateIssuerKey({ name: "Attacker Diploma Mill" });
    await upsertTrustedIssuers(handle.db, [
      { issuerId: university.did, name: "Registered University", registry: "test" },
    ]);
  });
  afterAll(() => handle?.close());

  it("counts a candidate who matches since the last visit as new, and opening the search records the visit", async () => {
    await submit("Una Registered", "una@example.com", university, ["Welding"]);
    const saved = await saveSearch(deps(), "u_rita", { name: "Welders", params: params(`?skill=${WELDING}&page=3`) });
    expect(saved).toMatchObject({ status: "saved", name: "Welders" });
    // Saving is the first visit: what matches now is not new.
    expect(await summary("u_rita", "Welders")).toMatchObject({ matches: 1, newMatches: 0, newIsLowerBound: false });
    // The search is stored as the URL carries it, first page.
    expect((await summary("u_rita", "Welders")).query).toBe(`?skill=${encodeURIComponent(WELDING)}`);

    await submit("Vic Welder", "vic@example.com", university, ["Welding"]);
    await submit("Will Brazer", "will@example.com", university, ["Brazing"]);
    expect(await summary("u_rita", "Welders")).toMatchObject({ matches: 2, newMatches: 1 });

    clock.advance(60_000);
    expect(await openSavedSearch(deps(), "u_rita", saved.status === "saved" ? saved.id : "")).toBe(
      `/search?skill=${encodeURIComponent(WELDING)}`,
    );
    expect(await summary("u_rita", "Welders")).toMatchObject({
      matches: 2,
      newMatches: 0,
      lastVisitedAt: clock.now(),
    });
  });

  it("does not count new evidence for a candidate who already matched", async () => {
    // Vic already matched Welders at the last visit; a second welding credential makes no one new.
    await submit("Vic Welder", "vic@example.com", mill, ["Welding", "Brazing"]);
    expect(await summary("u_rita", "Welders")).toMatchObject({ matches: 2, newMatches: 0 });
  });

  it("follows the verified-means policy: a candidate the policy lets in again is new", async () => {
    await submit("Milo Mill", "milo@example.com", mill, ["Welding"]);
    expect(await summary("u_rita", "Welders")).toMatchObject({ matches: 3, newMatches: 1 });

    await setVerifiedPolicy(handle.db, cliActor(), "registered-issuers");
    // Milo's welding is verified only by an unregistered issuer: he no longer matches, so he is not new either.
    expect(await summary("u_rita", "Welders")).toMatchObject({ matches: 2, newMatches: 0 });
    const welders = (await listSavedSearchSummaries(deps(), "u_rita")).find((s) => s.name === "Welders")!;
    await openSavedSearch(deps(), "u_rita", welders.id);

    await setVerifiedPolicy(handle.db, cliActor(), "any-issuer");
    // He matches again and did not at the last visit.
    expect(await summary("u_rita", "Welders")).toMatchObject({ matches: 3, newMatches: 1 });
    await openSavedSearch(deps(), "u_rita", welders.id);
    expect(await summary("u_rita", "Welders")).toMatchObject({ matches: 3, newMatches: 0 });
  });

  it("never counts an erased candidate, before or after the index catches up, and a returning person is new", async () => {
    const welders = await summary("u_rita", "Welders");
    const [milo] = (await search.search({ q: "Milo" })).hits;
    await eraseCandidate({ db: handle.db }, milo!.id, { actor: cliActor(), reason: "admin" });
    // The index still holds Milo until the outbox is drained; his seen row went with him, yet he is not "new".
    expect(await summary("u_rita", "Welders")).toMatchObject({ newMatches: 0 });
    await drainOutbox({ db: handle.db, search });
    expect(await summary("u_rita", "Welders")).toMatchObject({ matches: 2, newMatches: 0 });
    // Submitting again after erasure makes a new record, which did not match at the last visit.
    await submit("Milo Mill", "milo@example.com", mill, ["Welding"]);
    expect(await summary("u_rita", "Welders")).toMatchObject({ matches: 3, newMatches: 1 });
    await openSavedSearch(deps(), "u_rita", welders.id);
  });

  it("keeps any-of, excluded skills and text apart, and a search saved twice is saved once", async () => {
    const query = `?q=una&any=${BRAZING}&any=${WELDING}&not=${BRAZING}&trusted=1&sort=lastVerifiedAt`;
    const first = await saveSearch(deps(), "u_rita", { name: "Pure welders", params: params(query) });
    expect(first.status).toBe("saved");
    const again = await saveSearch(deps(), "u_rita", { name: "Other name", params: params(query) });
    expect(again).toMatchObject({ status: "already-saved", name: "Pure welders" });
    expect(await getSavedSearchFor(deps(), "u_rita", params(query))).toMatchObject({ name: "Pure welders" });
    const stored = await summary("u_rita", "Pure welders");
    expect(params(stored.query)).toEqual(params(query));
    // Una holds Welding from a registered issuer and not Brazing (the excluded skill).
    expect(stored.matches).toBe(1);
    expect(await saveSearch(deps(), "u_rita", { name: "Welders", params: params("?q=brazing") })).toMatchObject({
      status: "refused",
      message: "You already have a saved search called “Welders”.",
    });
  });

  it("renames and deletes", async () => {
    const pure = await summary("u_rita", "Pure welders");
    expect(await renameSavedSearch(deps(), "u_rita", pure.id, "Welders")).toMatchObject({ status: "refused" });
    expect(await renameSavedSearch(deps(), "u_rita", pure.id, "TIG welders")).toEqual({ status: "renamed" });
    expect((await listSavedSearchSummaries(deps(), "u_rita")).map((s) => s.name).sort()).toEqual([
      "TIG welders",
      "Welders",
    ]);
    expect(await removeSavedSearch(deps(), "u_rita", pure.id)).toBe(true);
    expect(await removeSavedSearch(deps(), "u_rita", pure.id)).toBe(false);
    expect((await listSavedSearchSummaries(deps(), "u_rita")).map((s) => s.name)).toEqual(["Welders"]);
  });

  it("lets no one list, open, rename or delete another recruiter's saved search", async () => {
    const welders = await summary("u_rita", "Welders");
    expect(await listSavedSearchSummaries(deps(), "u_sam")).toEqual([]);
    expect(await openSavedSearch(deps(), "u_sam", welders.id)).toBeNull();
    expect(await renameSavedSearch(deps(), "u_sam", welders.id, "Mine now")).toEqual({ status: "missing" });
    expect(await removeSavedSearch(deps(), "u_sam", welders.id)).toBe(false);
    expect(await getSavedSearchFor(deps(), "u_sam", params(welders.query))).toBeNull();
    // Sam may save the same search under the same name: names are per person.
    expect(await saveSearch(deps(), "u_sam", { name: "Welders", params: params(welders.query) })).toMatchObject({
      status: "saved",
    });
    expect(await summary("u_rita", "Welders")).toMatchObject({ name: "Welders", lastVisitedAt: welders.lastVisitedAt });
  });
});
