/** The report page's loader and actions, run the way Remix runs them, on every database kind. */
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { credentialReviews, credentials, searchOutbox, verdictChanges } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import type { Services } from "#app/services.server";
import { listAuditEvents } from "#app/audit/audit.server";
import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";
import { submitItems } from "#app/ingest/submit.server";
import { request, run, signedInStaff, testClock, testServices } from "#app/auth/test-helpers";
import { action, loader } from "#app/routes/review.$credentialId";
import { listReviewQueue } from "./queue.server";

describe.each(testDatabaseKinds())("reviewing a credential on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  let verifier: Awaited<ReturnType<typeof signedInStaff>>;
  const clock = testClock();

  beforeAll(async () => {
    handle = await kind.open();
    services = await testServices(handle, clock.now);
  });
  // A fresh session per test: the re-verify test moves the clock past the session's idle limit.
  beforeEach(async () => {
    verifier = await signedInStaff(services, "verifier");
  });
  afterAll(() => handle?.close());

  /** A verified badge that expires in a week, submitted by the person it names. */
  async function submitBadge(name: string) {
    const issuer = await generateIssuerKey({ name: "Harbour College" });
    const person = { name: "Rex", email: `rex.${name.toLowerCase()}@example.com` };
    const badge = await issueOpenBadge(issuer, {
      subject: person,
      achievement: {
        name,
        description: `${name}.`,
        alignments: [{ targetName: name, targetUrl: `https://skills.example.org/${name.toLowerCase()}` }],
      },
      validFrom: new Date(clock.now().getTime() - 86_400_000),
      validUntil: new Date(clock.now().getTime() + 7 * 86_400_000),
    });
    const [stored] = await submitItems(
      { db: handle.db, verify: services.verify, now: clock.now },
      { ...person, consent: true },
      [{ type: "text", text: JSON.stringify(badge), source: "paste" }],
    );
    if (stored?.status !== "stored" || stored.verdict !== "verified") throw new Error("the test badge did not verify");
    return stored;
  }

  const post = (credentialId: string, form: Record<string, string>) =>
    run(
      action,
      request(`/review/${credentialId}`, { cookie: verifier.cookie, form: { csrf: verifier.csrfToken, ...form } }),
      services,
      { credentialId },
    );
  const open = (credentialId: string) =>
    run(loader, request(`/review/${credentialId}`, { cookie: verifier.cookie }), services, { credentialId });
  const rowOf = async (credentialId: string) =>
    (await handle.db.select().from(credentials).where(eq(credentials.id, credentialId)))[0]!;

  it("records a decision beside the report, leaving the verdict and report as they were", async () => {
    const { credentialId } = await submitBadge("Scaffolding");
    const before = await rowOf(credentialId);

    const response = await post(credentialId, {
      intent: "reject",
      reason: "The course was never completed, the college told us.",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ error: null, done: "Rejected: the decision is recorded." });

    const after = await rowOf(credentialId);
    expect(after.verdict).toBe("verified");
    expect(after.report).toEqual(before.report);
    expect(after.verifiedAt).toEqual(before.verifiedAt);
    expect(
      await handle.db.select().from(credentialReviews).where(eq(credentialReviews.credentialId, credentialId)),
    ).toEqual([
      expect.objectContaining({
        kind: "reject",
        body: "The course was never completed, the college told us.",
        staffUserId: verifier.id,
        staffEmail: verifier.email,
      }),
    ]);

    const page = await (await open(credentialId)).json();
    expect(page.decision).toMatchObject({ kind: "reject", by: verifier.email });
    expect(page.credential.verdict).toBe("verified");
    const decided = await listReviewQueue(handle.db, { status: "decided", filter: "all", page: 1 });
    expect(decided.items.map((i) => i.credentialId)).toContain(credentialId);
  });

  it("refuses a decision without a reason, with one sentence, and records nothing", async () => {
    const { credentialId } = await submitBadge("Rigging");
    for (const intent of ["accept", "reject"]) {
      const response = await post(credentialId, { intent, reason: "   " });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: `Give a reason to ${intent} this credential.`,
        intent,
        done: null,
      });
    }
    expect((await post(credentialId, { intent: "note", reason: "" })).status).toBe(400);
    expect((await post(credentialId, { intent: "delete" })).status).toBe(400);
    expect(
      await handle.db.select().from(credentialReviews).where(eq(credentialReviews.credentialId, credentialId)),
    ).toEqual([]);
  });

  it("re-verifies now: updates the stored report and verdict, records the change and enqueues indexing", async () => {
    const { credentialId, candidateId } = await submitBadge("Plastering");
    await handle.db.delete(searchOutbox);
    clock.advance(30 * 86_400_000);
    verifier = await signedInStaff(services, "verifier");

    const response = await post(credentialId, { intent: "re-verify" });
    expect(await response.json()).toMatchObject({
      error: null,
      done: "Verified again: the verdict changed from verified to failed.",
    });

    const row = await rowOf(credentialId);
    expect(row.verdict).toBe("failed");
    expect(row.report.checks.find((c) => c.id === "validity")).toMatchObject({
      code: "expired",
      evidence: expect.objectContaining({ "Checked at": clock.now().toISOString() }),
    });
    expect(row.verifiedAt).toEqual(clock.now());
    expect(await handle.db.select().from(verdictChanges).where(eq(verdictChanges.credentialId, credentialId))).toEqual([
      expect.objectContaining({ fromVerdict: "verified", toVerdict: "failed", reason: "expired" }),
    ]);
    expect((await handle.db.select().from(searchOutbox)).map((r) => r.candidateId)).toEqual([candidateId]);

    const again = await post(credentialId, { intent: "re-verify" });
    expect(await again.json()).toMatchObject({ done: "Verified again: the verdict is unchanged." });
  });

  it("writes an audit entry for opening the report and for each action", async () => {
    const { credentialId, candidateId } = await submitBadge("Tiling");
    expect((await open(credentialId)).status).toBe(200);
    await post(credentialId, { intent: "note", reason: "Called the college." });
    // Remix loads the page's data again after each action: that reload is not another view.
    expect((await open(credentialId)).status).toBe(200);
    await post(credentialId, { intent: "accept", reason: "The college confirmed it." });
    expect((await open(credentialId)).status).toBe(200);
    await post(credentialId, { intent: "re-verify" });
    expect((await open(credentialId)).status).toBe(200);

    const entries = await listAuditEvents(handle.db, { subjectType: "credential", subjectId: credentialId });
    expect(entries.map((e) => e.action).reverse()).toEqual(["credential.view", "note", "decision", "re-verify"]);
    for (const entry of entries) {
      expect(entry).toMatchObject({ actorId: verifier.id, actor: verifier.email, fromAddress: "192.0.2.1" });
      expect(entry.detail).toMatchObject({ candidateId });
    }
    expect(entries.find((e) => e.action === "decision")?.detail).toEqual({
      candidateId,
      decision: "accept",
      verdict: "verified",
    });
    // The trail names the candidate by id only, never by what they wrote or who they are.
    expect(JSON.stringify(entries)).not.toMatch(/rex\.tiling|Called the college/);
  });

  it("counts each opening of the report as a view when nothing was done in between", async () => {
    const { credentialId } = await submitBadge("Grouting");
    await open(credentialId);
    await open(credentialId);
    const entries = await listAuditEvents(handle.db, { subjectType: "credential", subjectId: credentialId });
    expect(entries.map((e) => e.action)).toEqual(["credential.view", "credential.view"]);
  });

  it("answers 404 for a credential that does not exist, and records no view", async () => {
    expect((await open("cred_missing")).status).toBe(404);
    expect((await post("cred_missing", { intent: "accept", reason: "Looks fine." })).status).toBe(404);
    expect((await post("cred_missing", { intent: "re-verify" })).status).toBe(404);
    expect(await listAuditEvents(handle.db, { subjectId: "cred_missing" })).toEqual([]);
  });
});
