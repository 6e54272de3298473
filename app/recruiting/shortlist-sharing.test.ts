/**
 * Issue 14 point 6: a shortlist shared read-only through an expiring, revocable, audited link. What someone
 * holding only the link can read: that one shortlist, as it is now, until expiry; what they cannot: anything else.
 */
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { shortlistShareLinks } from "#db/schema/index";
import { upsertTrustedIssuers } from "#db/queries/trusted-issuers.server";
import { testDatabaseKinds } from "#db/test-databases";
import { cliActor, listAuditEvents, staffActor } from "#app/audit/audit.server";
import { sha256 } from "#app/auth/capability-tokens.server";
import { createStaffUser } from "#app/auth/staff-accounts.server";
import { testClock } from "#app/auth/test-helpers";
import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";
import { submitItems } from "#app/ingest/submit.server";
import { eraseCandidate } from "#app/retention/erasure.server";
import { createVerifier } from "#app/verification/verifier.server";
import { setVerifiedPolicy } from "#app/verification/verified-policy.server";
import { addToShortlist, removeFromShortlist } from "./shortlists.server";
import {
  createShareLink,
  listShareLinks,
  openSharedShortlist,
  revokeShareLink,
  shareLinkFormSchema,
  VIEW_AUDIT_EVERY_MS,
} from "./shortlist-sharing.server";

const DAY = 86_400_000;
const tokenOf = (link: string) => new URL(link).pathname.replace("/shared/", "");

describe.each(testDatabaseKinds())("sharing a shortlist on $name", (kind) => {
  let handle: DatabaseHandle;
  const clock = testClock(new Date("2026-06-01T12:00:00Z"));
  let recruiter: ReturnType<typeof staffActor>;
  let deps: { db: DatabaseHandle["db"]; now: () => Date; publicUrl: string };
  const people: Record<string, string> = {};
  let listA: string;
  let listB: string;

  beforeAll(async () => {
    handle = await kind.open();
    deps = { db: handle.db, now: clock.now, publicUrl: "https://attest.example.com" };
    const staff = await createStaffUser(deps, {
      email: "rec@example.com",
      role: "recruiter",
      password: "x".repeat(12),
    });
    if (staff.status !== "created") throw new Error(staff.message);
    recruiter = staffActor(staff.user, "192.0.2.10");
    const university = await generateIssuerKey({ name: "Registered University" });
    const mill = await generateIssuerKey({ name: "Unlisted Academy" });
    await upsertTrustedIssuers(handle.db, [
      { issuerId: university.did, name: "Registered University", registry: "test" },
    ]);
    const submit = async (name: string, email: string, badges: Array<[typeof mill, string]>) => {
      const items = [];
      for (const [issuer, skill] of badges) {
        const badge = await issueOpenBadge(issuer, {
          subject: { name, email },
          achievement: {
            name: `${skill} Certificate`,
            description: `Demonstrated ${skill}.`,
            alignments: [{ targetName: skill, targetUrl: `https://skills.example.org/${skill.toLowerCase()}` }],
          },
          validFrom: new Date("2025-03-01T00:00:00Z"),
        });
        items.push({ type: "text" as const, source: "t", text: JSON.stringify(badge) });
      }
      const outcomes = await submitItems(
        { db: handle.db, verify: createVerifier(clock.now), now: clock.now },
        {
          name,
          email,
          consent: true,
        },
        items,
      );
      const stored = outcomes.find((o) => o.status === "stored");
      if (!stored || stored.status !== "stored") throw new Error("not stored");
      people[name] = stored.candidateId;
    };
    await submit("Ada Weldwright", "ada.weldwright@example.com", [
      [university, "welding"],
      [mill, "Rigging"],
    ]);
    await submit("Bo Unlisted", "bo.unlisted@example.com", [[mill, "Rigging"]]);
    await submit("Cy Otherlist", "cy.otherlist@example.com", [[university, "Surveying"]]);
    listA = (await addToShortlist(handle.db, people["Ada Weldwright"]!, { shortlist: "Site lead", note: "call back" }))!
      .shortlistId;
    await addToShortlist(handle.db, people["Bo Unlisted"]!, { shortlist: "Site lead", note: "" });
    listB = (await addToShortlist(handle.db, people["Cy Otherlist"]!, { shortlist: "Surveyors", note: "" }))!
      .shortlistId;
  });
  afterAll(() => handle?.close());

  const share = (shortlistId: string, days = 7, recipient = "Dana, hiring manager") =>
    createShareLink(deps, recruiter, shortlistId, shareLinkFormSchema.parse({ days: String(days), recipient }));

  it("makes a long random link on ATTEST_PUBLIC_URL, stores only its hash, and audits it without the token", async () => {
    const made = (await share(listA))!;
    expect(made.link).toMatch(/^https:\/\/attest\.example\.com\/shared\/[A-Za-z0-9_-]{43}$/);
    expect(made.expiresAt.getTime() - clock.now().getTime()).toBe(7 * DAY);
    const [row] = await handle.db.select().from(shortlistShareLinks).where(eq(shortlistShareLinks.id, made.id));
    expect(row!.tokenHash).toBe(sha256(tokenOf(made.link)));
    expect(JSON.stringify(row)).not.toContain(tokenOf(made.link));
    const [event] = await listAuditEvents(handle.db, { action: "shortlist.share", limit: 1 });
    expect(event).toMatchObject({ actor: "rec@example.com", subjectType: "share-link", subjectId: made.id });
    expect(event!.detail).toMatchObject({ shortlistId: listA, recipient: "Dana, hiring manager", days: 7 });
    expect(JSON.stringify(event)).not.toContain(tokenOf(made.link));
    expect(await share("list_missing")).toBeNull();
  });

  it("offers a few periods, a week by default, and refuses any other with a sentence", () => {
    expect(shareLinkFormSchema.parse({}).days).toBe(7);
    const refused = shareLinkFormSchema.safeParse({ days: "365" });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]!.message).toMatch(/1, 7, 14 or 30 days/);
    expect(shareLinkFormSchema.safeParse({ days: "14", recipient: "x".repeat(121) }).success).toBe(false);
  });

  it("shows only its own shortlist: names, verified skills with their evidence, no email, no note, no ids", async () => {
    const made = (await share(listA))!;
    const opened = await openSharedShortlist(deps, tokenOf(made.link), "198.51.100.7");
    if (opened.status !== "shown") throw new Error(opened.message);
    expect(opened.view.name).toBe("Site lead");
    expect(opened.view.people.map((p) => p.displayName)).toEqual(["Ada Weldwright", "Bo Unlisted"]);
    const ada = opened.view.people[0]!;
    expect(ada.skills).toEqual([
      { label: "Welding", registered: true, evidence: "1 credential · registered issuer · 2025" },
      { label: "Rigging", registered: false, evidence: "1 credential · issuer not on the registry · 2025" },
    ]);
    expect(ada.credentials.map((c) => c.issuer).sort()).toEqual(["Registered University", "Unlisted Academy"]);
    const text = JSON.stringify(opened);
    expect(text).not.toMatch(/@example\.com|call back|Cy Otherlist|Surveying/);
    for (const id of Object.values(people)) expect(text).not.toContain(id);
  });

  it("follows the admin's 'verified means' policy, as search does", async () => {
    const made = (await share(listA))!;
    await setVerifiedPolicy(handle.db, cliActor(), "registered-issuers");
    try {
      const opened = await openSharedShortlist(deps, tokenOf(made.link), "198.51.100.7");
      if (opened.status !== "shown") throw new Error(opened.message);
      expect(opened.view.people[0]!.skills.map((s) => s.label)).toEqual(["Welding"]);
      expect(opened.view.people[1]!.skills).toEqual([]);
      expect(opened.view.people[1]!.credentials).toEqual([]);
    } finally {
      await setVerifiedPolicy(handle.db, cliActor(), "any-issuer");
    }
  });

  it("audits a view once an hour per client address, counts every view, and names the candidates shown by id", async () => {
    const made = (await share(listA))!;
    const token = tokenOf(made.link);
    const viewsOfLink = async () =>
      (await listAuditEvents(handle.db, { action: "shortlist.share.view", subjectId: made.id })).length;
    await openSharedShortlist(deps, token, "198.51.100.7");
    await openSharedShortlist(deps, token, "198.51.100.7");
    expect(await viewsOfLink()).toBe(1);
    await openSharedShortlist(deps, token, "203.0.113.50");
    expect(await viewsOfLink()).toBe(2);
    clock.advance(VIEW_AUDIT_EVERY_MS - 1000);
    await openSharedShortlist(deps, token, "203.0.113.50");
    expect(await viewsOfLink()).toBe(2);
    clock.advance(1000);
    await openSharedShortlist(deps, token, "203.0.113.50");
    expect(await viewsOfLink()).toBe(3);
    const [event] = await listAuditEvents(handle.db, { action: "shortlist.share.view", subjectId: made.id, limit: 1 });
    expect(event).toMatchObject({ actor: "share-link", actorId: null, fromAddress: "203.0.113.50" });
    expect(event!.detail).toEqual({
      shortlistId: listA,
      candidates: [people["Ada Weldwright"], people["Bo Unlisted"]],
    });
    const [summary] = (await listShareLinks(deps, listA)).filter((l) => l.id === made.id);
    expect(summary).toMatchObject({ state: "active", views: 5, recipient: "Dana, hiring manager" });
  });

  it("refuses an expired link (by the injected clock), and records nothing", async () => {
    const made = (await share(listA, 1))!;
    clock.advance(DAY - 1);
    expect((await openSharedShortlist(deps, tokenOf(made.link), "198.51.100.7")).status).toBe("shown");
    clock.advance(1);
    const before = (await listAuditEvents(handle.db, { subjectId: made.id })).length;
    const opened = await openSharedShortlist(deps, tokenOf(made.link), "198.51.100.7");
    expect(opened).toMatchObject({ status: "refused", reason: "expired" });
    expect(opened.status === "refused" && opened.message).toMatch(/has expired.*ask the recruiter/);
    expect((await listAuditEvents(handle.db, { subjectId: made.id })).length).toBe(before);
    const [summary] = (await listShareLinks(deps, listA)).filter((l) => l.id === made.id);
    expect(summary!.state).toBe("expired");
  });

  it("refuses a revoked link; revoking twice writes one entry; a link cannot be revoked through another shortlist", async () => {
    const made = (await share(listA))!;
    expect(await revokeShareLink(deps, recruiter, listB, made.id)).toBeNull();
    expect((await openSharedShortlist(deps, tokenOf(made.link), "198.51.100.7")).status).toBe("shown");
    expect(await revokeShareLink(deps, recruiter, listA, made.id)).toBe("revoked");
    expect(await revokeShareLink(deps, recruiter, listA, made.id)).toBe("already-revoked");
    expect(await listAuditEvents(handle.db, { action: "shortlist.share.revoke", subjectId: made.id })).toHaveLength(1);
    const opened = await openSharedShortlist(deps, tokenOf(made.link), "198.51.100.7");
    expect(opened).toMatchObject({ status: "refused", reason: "revoked" });
    const links = await listShareLinks(deps, listA);
    expect(links.find((l) => l.id === made.id)!.state).toBe("revoked");
    expect(links[0]!.state).toBe("active");
  });

  it("refuses a guessed or mangled token, and never opens another shortlist than the link's own", async () => {
    for (const guess of ["A".repeat(43), "nope", "", `${"A".repeat(43)}/../x`, "A".repeat(44)])
      expect(await openSharedShortlist(deps, guess, "198.51.100.7")).toMatchObject({
        status: "refused",
        reason: "unknown",
      });
    const madeB = (await share(listB))!;
    const opened = await openSharedShortlist(deps, tokenOf(madeB.link), "198.51.100.7");
    if (opened.status !== "shown") throw new Error(opened.message);
    expect(opened.view.name).toBe("Surveyors");
    expect(opened.view.people.map((p) => p.displayName)).toEqual(["Cy Otherlist"]);
  });

  it("reads live data: a candidate taken off the list or erased is gone from the link at once", async () => {
    const made = (await share(listA))!;
    const names = async () => {
      const opened = await openSharedShortlist(deps, tokenOf(made.link), "198.51.100.7");
      if (opened.status !== "shown") throw new Error(opened.message);
      return opened.view.people.map((p) => p.displayName);
    };
    expect(await names()).toEqual(["Ada Weldwright", "Bo Unlisted"]);
    await removeFromShortlist(handle.db, listA, people["Bo Unlisted"]!);
    expect(await names()).toEqual(["Ada Weldwright"]);
    await eraseCandidate({ db: handle.db }, people["Ada Weldwright"]!, { actor: cliActor(), reason: "admin" });
    expect(await names()).toEqual([]);
  });
});
