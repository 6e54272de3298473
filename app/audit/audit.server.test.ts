import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { auditEvents } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { listAuditEvents, recordAudit, staffActor, SYSTEM_ACTOR } from "./audit.server";

/** The database's own message: drizzle wraps it as the cause of a "Failed query" error. */
async function databaseError(query: PromiseLike<unknown>): Promise<string> {
  try {
    await query;
  } catch (error) {
    return String((error as { cause?: Error }).cause?.message ?? (error as Error).message);
  }
  return "no error";
}

describe.each(testDatabaseKinds())("the audit trail on $name", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await kind.open();
  });
  afterAll(() => handle.close());

  it("records who did what to which subject, from where, newest first", async () => {
    const admin = staffActor({ id: "u1", email: "admin@example.com" }, "192.0.2.7");
    await recordAudit(handle.db, admin, "registry.add", { type: "trusted-issuer", id: "did:web:college.example" });
    await recordAudit(
      handle.db,
      SYSTEM_ACTOR,
      "candidate.erase",
      { type: "candidate", id: "c1" },
      { reason: "retention" },
    );

    const [newest, older] = await listAuditEvents(handle.db);
    expect(newest).toMatchObject({
      actor: "system",
      actorId: null,
      action: "candidate.erase",
      subjectId: "c1",
      detail: { reason: "retention" },
    });
    expect(older).toMatchObject({
      actor: "admin@example.com",
      actorId: "u1",
      fromAddress: "192.0.2.7",
      action: "registry.add",
    });
    expect(await listAuditEvents(handle.db, { action: "registry.add" })).toHaveLength(1);
    expect(await listAuditEvents(handle.db, { actor: "system" })).toHaveLength(1);
    expect(await listAuditEvents(handle.db, { beforeId: newest.id })).toEqual([older]);
  });

  it("refuses to edit or remove an entry, even by direct SQL", async () => {
    await recordAudit(handle.db, SYSTEM_ACTOR, "retention.set", { type: "settings" }, { days: 30 });
    expect(await databaseError(handle.db.update(auditEvents).set({ actor: "someone else" }))).toMatch(
      /append-only: UPDATE/,
    );
    expect(await databaseError(handle.db.delete(auditEvents))).toMatch(/append-only: DELETE/);
    expect(await databaseError(handle.db.execute(sql`TRUNCATE audit_events`))).toMatch(/append-only: TRUNCATE/);
    expect((await listAuditEvents(handle.db)).length).toBeGreaterThanOrEqual(3);
  });
});
