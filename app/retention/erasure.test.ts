import { eq, getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import type { DatabaseHandle } from "#db/client.server";
import * as schema from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import type { SearchEngine } from "#search/engine";
import { drainOutbox } from "#search/sync.server";
import { listAuditEvents, recordAudit, staffActor } from "#app/audit/audit.server";
import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";
import { createExchange } from "#app/ingest/exchange.server";
import { confirmEmail } from "#app/identity/identity.server";
import { linkFromOutbox } from "#app/identity/test-helpers";
import {
  createInvitation,
  requireOpenInvitation,
  submitThroughInvitation,
  withdrawSubmission,
} from "#app/ingest/public-submission.server";
import { addToShortlist } from "#app/recruiting/shortlists.server";
import { createVerifier } from "#app/verification/verifier.server";
import { eraseCandidate } from "./erasure.server";

/** Every table the schema declares, so a table added later is checked without anyone remembering to. */
const tables = Object.values(schema as Record<string, unknown>).filter((value): value is PgTable => is(value, PgTable));

describe.each(testDatabaseKinds())("erasing a candidate on $name", (kind) => {
  let handle: DatabaseHandle;
  let search: SearchEngine;
  const now = () => new Date("2026-06-01T12:00:00Z");
  const deps = () => ({ db: handle.db, verify: createVerifier(now), now, publicUrl: "http://attest.test" });
  let issuer: Awaited<ReturnType<typeof generateIssuerKey>>;

  beforeAll(async () => {
    handle = await kind.open();
    search = createEmbeddedEngine();
    await search.prepare();
    issuer = await generateIssuerKey({ name: "Erasure College" });
  });
  afterAll(() => handle?.close());

  const badge = async (name: string, email: string, achievement: string) =>
    JSON.stringify(
      await issueOpenBadge(issuer, {
        subject: { name, email },
        achievement: { name: achievement, description: `${achievement}, assessed.`, alignments: [] },
        validFrom: new Date("2026-01-01T00:00:00Z"),
      }),
    );

  /** A candidate with two credentials, a submission with its receipt, a shortlist entry, a review note, a verdict
   * change, a wallet request and a view in the audit trail: every kind of trace Attest can hold. */
  async function candidateWithEverything(name: string, email: string) {
    const { token } = await createInvitation(handle.db, "Forklift operators");
    const invitation = await requireOpenInvitation(deps(), token);
    const result = await submitThroughInvitation(deps(), {
      invitation,
      clientAddress: "203.0.113.50",
      details: { name, email, consent: true },
      inputs: [
        { type: "text", text: await badge(name, email, "Forklift Safety"), source: "pasted text" },
        { type: "text", text: await badge(name, email, "Pallet Stacking"), source: `upload:${name}.json` },
      ],
    });
    if (result.status !== "done") throw new Error("submission refused");
    expect(await confirmEmail(deps(), await linkFromOutbox(handle.db, email, "confirm"))).toMatchObject({ ok: true });
    const credentialId = result.receipt[0].credentialId!;
    const [credential] = await handle.db
      .select()
      .from(schema.credentials)
      .where(eq(schema.credentials.id, credentialId));
    await addToShortlist(handle.db, credential.candidateId, {
      shortlist: "Night shift",
      note: `Call ${name} on Monday`,
    });
    await handle.db.insert(schema.credentialReviews).values({
      credentialId,
      kind: "note",
      body: `${name} brought the paper certificate`,
      staffEmail: "verifier@example.com",
    });
    await handle.db
      .insert(schema.verdictChanges)
      .values({ credentialId, fromVerdict: "verified", toVerdict: "failed", reason: "revoked" });
    await createExchange(handle.db, { name, email }, "http://attest.test", now());
    await recordAudit(
      handle.db,
      staffActor({ id: "u1", email: "recruiter@example.com" }, "192.0.2.4"),
      "candidate.view",
      {
        type: "candidate",
        id: credential.candidateId,
      },
    );
    await drainOutbox({ db: handle.db, search });
    return { candidateId: credential.candidateId, withdrawToken: result.withdrawPath!.split("/").pop()! };
  }

  /** Every row of every table, as text, with the rows that mention any of `needles`. */
  async function tracesOf(needles: string[]) {
    const found: Array<{ table: string; row: unknown }> = [];
    for (const table of tables) {
      for (const row of await handle.db.select().from(table)) {
        const text = JSON.stringify(row).toLowerCase();
        if (needles.some((needle) => text.includes(needle.toLowerCase())))
          found.push({ table: getTableName(table), row });
      }
    }
    return found;
  }

  it("removes every trace from every table and from the index, and leaves a tombstone without personal data", async () => {
    const gone = await candidateWithEverything("Zebediah Quarrington", "zeb.q@example.com");
    const kept = await candidateWithEverything("Philippa Yardley", "pip.y@example.com");
    expect((await search.search({ q: "Quarrington" })).total).toBe(1);
    expect((await tracesOf(["Quarrington", "zeb.q@example.com"])).length).toBeGreaterThan(5);

    const admin = staffActor({ id: "u9", email: "admin@example.com" }, "192.0.2.9");
    expect(await eraseCandidate({ db: handle.db }, gone.candidateId, { actor: admin, reason: "admin" })).toEqual({
      credentials: 2,
    });
    await drainOutbox({ db: handle.db, search });

    expect(await tracesOf(["Quarrington", "zeb.q@example.com", "Zebediah"])).toEqual([]);
    // Only the audit trail still names the id: the email confirmation, the view and the tombstone.
    const byId = await tracesOf([gone.candidateId]);
    expect(byId.map((t) => t.table).sort()).toEqual(["audit_events", "audit_events", "audit_events"]);
    expect((await search.search({ q: "Quarrington" })).total).toBe(0);
    expect(await search.getDocuments([gone.candidateId])).toEqual([]);

    const [tombstone] = await listAuditEvents(handle.db, { action: "candidate.erase", subjectId: gone.candidateId });
    expect(tombstone).toMatchObject({
      actor: "admin@example.com",
      subjectType: "candidate",
      subjectId: gone.candidateId,
      detail: { reason: "admin", credentials: 2 },
    });
    expect(Object.keys(tombstone.detail).sort()).toEqual(["credentials", "reason"]);

    // The other candidate is untouched, in the database and in search.
    expect((await tracesOf(["Yardley"])).length).toBeGreaterThan(5);
    expect((await search.search({ q: "Yardley" })).total).toBe(1);
    expect(await eraseCandidate({ db: handle.db }, gone.candidateId, { actor: admin, reason: "admin" })).toBeNull();
    expect(await listAuditEvents(handle.db, { action: "candidate.erase", subjectId: gone.candidateId })).toHaveLength(
      1,
    );
    expect(kept.candidateId).not.toBe(gone.candidateId);
  });

  it("a withdrawal erases what its submission stored (and the record it created), and its audit entry keeps neither name nor address", async () => {
    const person = await candidateWithEverything("Ottoline Brackenbury", "otto.b@example.com");
    expect(await withdrawSubmission({ db: handle.db }, person.withdrawToken)).toBe(true);
    await drainOutbox({ db: handle.db, search });
    expect(
      await handle.db.select().from(schema.candidates).where(eq(schema.candidates.id, person.candidateId)),
    ).toEqual([]);
    expect((await search.search({ q: "Brackenbury" })).total).toBe(0);
    const [entry] = await listAuditEvents(handle.db, { action: "submission.withdraw", subjectId: person.candidateId });
    expect(entry).toMatchObject({
      actor: "candidate",
      actorId: null,
      fromAddress: null,
      detail: { credentials: 2, candidateErased: true },
    });
    expect(JSON.stringify(entry)).not.toMatch(/Brackenbury|otto\.b@/);
  });
});
