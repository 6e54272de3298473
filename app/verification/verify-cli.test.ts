/** `npm run attest -- verify`: run as a subprocess on the outcome fixtures; checks JSON Lines and exit codes. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const F = "app/verification/fixtures/outcomes";
const NOW = ["--now", "2026-01-01T00:00:00Z"];

function attest(...args: string[]) {
  const run = spawnSync("npx", ["tsx", "app/cli/attest.ts", "verify", ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: run.status, lines: run.stdout.split("\n").filter(Boolean), stderr: run.stderr };
}

describe("attest verify (subprocess)", () => {
  test("refuses a file over 1 MB without reading it, with a sentence, and goes on to the next file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "attest-cli-"));
    const big = path.join(dir, "big.json");
    writeFileSync(big, JSON.stringify({ padding: "x".repeat(3_000_000) }));
    try {
      const { code, lines } = attest("--json", ...NOW, big, `${F}/valid-eddsa-rdfc-2022.json`);
      const reports = lines.map((l) => JSON.parse(l));
      expect(reports[0]).toMatchObject({ input: big, verdict: "failed" });
      expect(reports[0].checks[0]).toMatchObject({
        code: "too-large",
        message: "The file is 3 MB; documents larger than 1 MB are not checked.",
      });
      expect(reports[1]).toMatchObject({ input: `${F}/valid-eddsa-rdfc-2022.json` });
      expect(reports[1].checks[0]).toMatchObject({ id: "format", outcome: "pass" });
      expect(code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test("--json prints one report per FILE, in order; exit 0 when all verified; pins answer lists and did:web", () => {
    const { code, lines } = attest(
      "--json",
      ...NOW,
      "--pin",
      `https://status.attest.test/lists/revocation=${F}/status-list-revocation.json`,
      "--pin",
      `https://issuer.attest.test/.well-known/did.json=${F}/did-web-issuer.json`,
      `${F}/valid-eddsa-rdfc-2022.json`,
      `${F}/valid-did-web.json`,
      `${F}/jwt-vc1-eddsa.jwt`,
      `${F}/clr-valid.json`,
    );
    const reports = lines.map((l) => JSON.parse(l));
    expect(reports.map((r) => [r.input, r.verdict])).toEqual([
      [`${F}/valid-eddsa-rdfc-2022.json`, "verified"],
      [`${F}/valid-did-web.json`, "verified"],
      [`${F}/jwt-vc1-eddsa.jwt`, "verified"],
      [`${F}/clr-valid.json`, "verified"],
    ]);
    expect(Object.keys(reports[0]).slice(0, 5)).toEqual(["input", "verdict", "checks", "credentials", "skills"]);
    expect(reports[0].checks.find((c: { id: string }) => c.id === "status")).toMatchObject({
      outcome: "pass",
      code: "not-revoked",
    });
    expect(Object.keys(reports[0].checks[0])).toEqual(["id", "outcome", "code", "message"]);
    expect(reports[0].skills[0]).toMatchObject({
      key: "esco:ccd0a1d9-afda-43d9-b901-96344886e14d",
      label: "Python (computer programming)",
    });
    expect(reports[3].credentials).toHaveLength(1);
    expect(code).toBe(0);
  }, 60_000);

  test("exit 1 when any report is not verified; an unpinned list is indeterminate, not fine", () => {
    const { code, lines } = attest(
      "--json",
      ...NOW,
      `${F}/valid-eddsa-jcs-2022.json`,
      `${F}/revoked.json`,
      `${F}/clr-one-tampered-member.json`,
    );
    const reports = lines.map((l) => JSON.parse(l));
    expect(reports.map((r) => r.verdict)).toEqual(["verified", "indeterminate", "failed"]);
    expect(reports[2].credentials.map((r: { verdict: string }) => r.verdict)).toEqual(["verified", "failed"]);
    expect(code).toBe(1);
  }, 60_000);

  test("exit 2 on bad usage", () => {
    expect(attest().code).toBe(2);
    expect(attest("--pin", "nonsense", `${F}/valid-eddsa-jcs-2022.json`).code).toBe(2);
    expect(attest("--now", "yesterday", `${F}/valid-eddsa-jcs-2022.json`).code).toBe(2);
    expect(attest("--bogus", `${F}/valid-eddsa-jcs-2022.json`).code).toBe(2);
  }, 60_000);
});
