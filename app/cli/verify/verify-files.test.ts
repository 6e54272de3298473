import { verifyCommand } from "#app/cli/commands/verify";
import { inOrder } from "./verify-files";

describe("inOrder", () => {
  test("emits every result in the items' order, whatever order they finish in, with at most N in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const emitted: number[] = [];
    await inOrder(
      [50, 5, 30, 1, 20, 10, 2],
      3,
      async (ms) => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, ms));
        inFlight--;
        return ms;
      },
      (result) => emitted.push(result),
    );
    expect(emitted).toEqual([50, 5, 30, 1, 20, 10, 2]);
    expect(most).toBe(3);
  });
});

describe("attest verify across worker threads", () => {
  const fixtures = [
    "valid-eddsa-rdfc-2022.json",
    "tampered-achievement-name.json",
    "valid-eddsa-jcs-2022.json",
    "expired.json",
    "jwt-vc1-eddsa.jwt",
    "wrong-key.json",
  ].map((name) => `app/verification/fixtures/outcomes/${name}`);
  const run = async (workers: string) => {
    const lines: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    try {
      const code = await verifyCommand([
        "--json",
        "--now",
        "2026-01-01T00:00:00Z",
        "--workers",
        workers,
        ...fixtures,
        ...fixtures,
      ]);
      return { code, reports: lines.map((line) => JSON.parse(line) as { input: string; verdict: string }) };
    } finally {
      log.mockRestore();
    }
  };

  test("two workers give the same reports, in the files' order, as one thread", async () => {
    const [threads, single] = [await run("2"), await run("0")];
    expect(threads.reports.map((r) => r.input)).toEqual([...fixtures, ...fixtures]);
    expect(threads.reports.map((r) => r.verdict)).toEqual(single.reports.map((r) => r.verdict));
    expect(threads.reports.map((r) => r.verdict)).toContain("failed");
    expect(threads.code).toBe(1);
    expect(single.code).toBe(1);
  }, 120_000);
});
