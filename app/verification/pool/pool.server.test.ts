import { performance } from "node:perf_hooks";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import type { DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import { submitItems } from "#app/ingest/submit.server";
import { createVerifierPool, type VerifierPool } from "./pool.server";

const NOW = new Date("2026-01-01T00:00:00Z");
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/outcomes/${name}`, import.meta.url), "utf8")) as Record<string, any>;
const cheap = fixture("valid-eddsa-rdfc-2022.json");
const cheapToo = fixture("valid-ed25519-signature-2020.json");
/** The signature check's code: "signature-valid" when the document was verified in full. */
const proofCode = (report: { checks: Array<{ id: string; code: string }> }) =>
  report.checks.find((c) => c.id === "proof")?.code;

/**
 * A credential that passes the format check (no list over 200 entries) yet costs about a second of computing:
 * 1,000 alignments over five subjects, which JSON-LD canonicalises before the signature can be compared.
 */
function costly(): Record<string, unknown> {
  const doc = structuredClone(cheap);
  const subject = doc.credentialSubject;
  doc.credentialSubject = Array.from({ length: 5 }, (_, s) => ({
    ...subject,
    achievement: {
      ...subject.achievement,
      id: `urn:uuid:00000000-0000-4000-8000-00000000000${s}`,
      alignment: Array.from({ length: 200 }, (_, i) => ({
        type: ["Alignment"],
        targetName: `Skill ${s}.${i}`,
        targetUrl: `https://example.org/skills/${s}/${i}`,
        targetType: "ext:Skill",
      })),
    },
  }));
  return doc;
}

describe("the verification pool", () => {
  let pool: VerifierPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  test("while a costly document is being verified, the event loop stays free and a cheap document is answered first", async () => {
    pool = createVerifierPool({ threads: 2, budgetMs: 120_000, now: () => NOW });
    await Promise.all([pool.verify(cheap, { input: "warm-up" }), pool.verify(cheapToo, { input: "warm-up" })]);
    const finished: string[] = [];
    const before = performance.eventLoopUtilization();
    const slow = pool.verify(costly(), { input: "costly" }).then((r) => (finished.push("costly"), r));
    const fast = pool.verify(cheap, { input: "cheap" }).then((r) => (finished.push("cheap"), r));
    // Another request's turn on the event loop. Verified in this thread, the costly document's JSON-LD work holds
    // the loop for seconds: the cheap one is answered before this turn comes, and the turn only after.
    setTimeout(() => finished.push("another request's turn"), 0);
    const [slowReport, fastReport] = await Promise.all([slow, fast]);
    // This thread's event loop sat mostly idle while the costly document was verified: in this thread the JSON-LD work
    // keeps it busy nearly all the time (above 0.9). A share of time, not a duration, so a loaded machine does not
    // change it; the order of the turns did, when a cached cheap answer raced the timer.
    expect(performance.eventLoopUtilization(before).utilization).toBeLessThan(0.5);
    expect(finished.indexOf("cheap")).toBeLessThan(finished.indexOf("costly"));
    expect(finished.indexOf("another request's turn")).toBeLessThan(finished.indexOf("costly"));
    expect(proofCode(fastReport)).toBe("signature-valid");
    // The costly one was verified in full (its added alignments break the signature), not cut short.
    expect(proofCode(slowReport)).toBe("signature-mismatch");
  }, 120_000);

  test("a thread that ends, idle or mid-document, is replaced and the next document is verified", async () => {
    pool = createVerifierPool({ threads: 1, budgetMs: 120_000, now: () => NOW });
    expect(proofCode(await pool.verify(cheap, { input: "first" }))).toBe("signature-valid");
    const [idle] = pool.workers;
    await Promise.all([idle!.terminate(), once(idle!, "exit")]);
    expect(proofCode(await pool.verify(cheap, { input: "after an idle thread ended" }))).toBe("signature-valid");

    const cut = pool.verify(costly(), { input: "cut short" });
    // Let the replacement start on it, then end that thread under it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    void pool.workers[0]!.terminate();
    const report = await cut;
    expect(report.verdict).toBe("indeterminate");
    expect(report.checks[0]).toMatchObject({ id: "format", outcome: "indeterminate", code: "thread-stopped" });
    expect(proofCode(await pool.verify(cheapToo, { input: "after a thread ended mid-document" }))).toBe(
      "signature-valid",
    );
    expect(pool.workers).toHaveLength(1);
  }, 120_000);
});

describe.each(testDatabaseKinds())("a submission through the pool on $name", (kind) => {
  let handle: DatabaseHandle;
  let pool: VerifierPool;
  beforeAll(async () => {
    handle = await kind.open();
  }, 300_000);
  afterAll(async () => {
    await pool?.close();
    await handle?.close();
  });

  test("a document over its computing budget could not be checked, says why, and the others are stored", async () => {
    pool = createVerifierPool({ threads: 1, budgetMs: 300, now: () => NOW });
    // The first document a thread sees loads the contexts and warms the code: not what a budget is for.
    await pool.verify(cheap, { input: "warm-up" });
    const outcomes = await submitItems(
      { db: handle.db, verify: pool.verify, now: () => NOW },
      { name: "Ada Example", email: "ada@example.com", consent: true },
      [
        { type: "text", text: JSON.stringify(cheap), source: "first.json" },
        { type: "text", text: JSON.stringify(costly()), source: "costly.json" },
        { type: "text", text: JSON.stringify(cheapToo), source: "second.json" },
      ],
    );
    expect(outcomes.map((o) => [o.source, o.status, o.status === "stored" ? o.verdict : null])).toEqual([
      ["first.json", "stored", expect.any(String)],
      ["costly.json", "stored", "indeterminate"],
      ["second.json", "stored", expect.any(String)],
    ]);
    const over = outcomes[1]!;
    if (over.status !== "stored") throw new Error("not stored");
    expect(over.report.checks[0]).toMatchObject({ id: "format", outcome: "indeterminate", code: "over-budget" });
    expect(over.report.checks[0]!.message).toBe(
      "Attest stopped checking this document after 0.3 seconds of computing time, so it could not be checked; real credentials take a fraction of that (this one may hold thousands of entries).",
    );
    for (const other of [outcomes[0]!, outcomes[2]!]) {
      if (other.status !== "stored") throw new Error("not stored");
      expect(other.report.checks.map((c) => c.code)).not.toContain("over-budget");
    }
  }, 120_000);
});
