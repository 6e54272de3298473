import type { DatabaseHandle } from "#db/client.server";
import { getShortlist, listShortlists } from "#db/queries/shortlists.server";
import { candidates } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { addToShortlist, exportShortlistCsv, moveToShortlist, removeFromShortlist } from "./shortlists.server";

describe.each(testDatabaseKinds())("shortlists on $name", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await kind.open();
    await handle.db.insert(candidates).values([
      { id: "c1", displayName: "=Ada", email: "ada@example.com", consentedAt: new Date(), consentTextVersion: "t" },
      { id: "c2", displayName: "Bo", email: "bo@example.com", consentedAt: new Date(), consentTextVersion: "t" },
    ]);
  });
  afterAll(() => handle?.close());

  it("creates a shortlist on first use, updates a note on a second save, and exports it", async () => {
    const first = await addToShortlist(handle.db, "c1", { shortlist: "Welders", note: "strong TIG" });
    await addToShortlist(handle.db, "c2", { shortlist: "Welders", note: "" });
    const again = await addToShortlist(handle.db, "c1", { shortlist: "Welders", note: "strong TIG, call Monday" });
    expect(again?.shortlistId).toBe(first?.shortlistId);
    expect(await listShortlists(handle.db)).toEqual([expect.objectContaining({ name: "Welders", size: 2 })]);
    const list = await getShortlist(handle.db, first!.shortlistId);
    expect(list?.entries.map((e) => [e.displayName, e.note])).toEqual([
      ["=Ada", "strong TIG, call Monday"],
      ["Bo", ""],
    ]);
    const exported = await exportShortlistCsv(handle.db, first!.shortlistId, "https://attest.example.com");
    expect(exported?.csv).toContain("'=Ada,ada@example.com");
    // Absolute links on ATTEST_PUBLIC_URL: the file is read outside Attest.
    expect(exported?.csv).toContain(",https://attest.example.com/candidates/c1");
    expect(exported?.csv.split("\n")).toHaveLength(4);
  });

  it("moves a candidate to another list with their note, and removes one", async () => {
    const from = await addToShortlist(handle.db, "c1", { shortlist: "Night shift", note: "prefers nights" });
    const moved = await moveToShortlist(handle.db, from!.shortlistId, "c1", "Day shift");
    expect((await getShortlist(handle.db, from!.shortlistId))?.entries).toEqual([]);
    expect((await getShortlist(handle.db, moved!.shortlistId))?.entries.map((e) => [e.candidateId, e.note])).toEqual([
      ["c1", "prefers nights"],
    ]);
    expect(await moveToShortlist(handle.db, from!.shortlistId, "c1", "Day shift")).toBeNull();
    expect(await removeFromShortlist(handle.db, moved!.shortlistId, "c1")).toBe(true);
    expect(await removeFromShortlist(handle.db, moved!.shortlistId, "c1")).toBe(false);
    expect((await getShortlist(handle.db, moved!.shortlistId))?.entries).toEqual([]);
  });

  it("refuses an unknown candidate", async () => {
    expect(await addToShortlist(handle.db, "nobody", { shortlist: "Welders", note: "" })).toBeNull();
  });
});
