import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const fixtures = "app/verification/fixtures/outcomes";

/** Runs the CLI as an operator would, on an embedded database of its own. */
async function attest(args: string[], dataDir: string) {
  try {
    const { stdout } = await run("npx", ["tsx", "app/cli/attest.ts", ...args], {
      env: { ...process.env, ATTEST_DATA_DIR: dataDir, DATABASE_URL: "", MEILI_HOST: "" },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));

// Each call starts a process and opens the embedded database: slow, so generous timeouts.
describe("attest CLI: import and search", { timeout: 180_000 }, () => {
  let dataDir: string;

  let imported: any[] = [];
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "attest-cli-"));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("imports items with one JSON line each, in order, and exits 1 when any is not imported", async () => {
    const result = await attest(
      [
        "import",
        "--candidate",
        "Cli Person <CLI@example.com>",
        "--json",
        `${fixtures}/valid-eddsa-jcs-2022.json`,
        `${fixtures}/tampered-achievement-name.json`,
        "/no/such/file.json",
        `${fixtures}/valid-eddsa-jcs-2022.json`,
      ],
      dataDir,
    );
    expect(result.code).toBe(1);
    const lines = jsonLines(result.stdout);
    imported = lines;
    expect(lines.map((l) => [l.item.split("/").at(-1), l.outcome])).toEqual([
      ["valid-eddsa-jcs-2022.json", "imported"],
      ["tampered-achievement-name.json", "failed"],
      ["file.json", "refused"],
      ["valid-eddsa-jcs-2022.json", "duplicate"],
    ]);
    expect(lines[0].report.verdict).toBe("verified");
    expect(lines[1].reason).toMatch(/signature/i);
    expect(lines[2]).toMatchObject({ report: null, reason: expect.stringMatching(/cannot be read/) });
  });

  it("finds the imported candidate by a verified skill key, and by a claimed one only with --include-claimed", async () => {
    const verifiedKey = imported[0].report.skills[0].key as string;
    const found = await attest(["search", "--json", "--verified-skill", verifiedKey], dataDir);
    expect(found.code).toBe(0);
    const result = JSON.parse(found.stdout);
    expect(result.total).toBe(1);
    expect(result.hits[0]).toMatchObject({ name: "Cli Person", email: "cli@example.com" });
    expect(result.hits[0].verifiedSkills).toContain(verifiedKey);

    // The tampered credential's skills that no verified credential backs are claimed, never verified.
    const claimedKey = (imported[1].report.skills as Array<{ key: string }>)
      .map((s) => s.key)
      .find((key) => !result.hits[0].verifiedSkills.includes(key));
    expect(claimedKey).toBeDefined();
    expect(result.hits[0].claimedSkills).toContain(claimedKey);
    const withClaimed = JSON.parse(
      (await attest(["search", "--json", "--verified-skill", claimedKey!, "--include-claimed"], dataDir)).stdout,
    );
    expect(withClaimed.total).toBe(1);
  });

  it("exits 0 for a résumé: its skills are recorded as claimed, which is what a résumé can be", async () => {
    const result = await attest(
      [
        "import",
        "--candidate",
        "Rosa Okafor <rosa.okafor@example.com>",
        "--json",
        "app/ingest/fixtures/ler-rs-resume.json",
      ],
      dataDir,
    );
    expect(jsonLines(result.stdout).map((l) => l.outcome)).toEqual(["claimed"]);
    expect(result.code).toBe(0);
  });

  it("exits 2 with the usage text on bad usage", async () => {
    expect((await attest(["import", "--json", "x.json"], dataDir)).code).toBe(2);
    expect((await attest(["frobnicate"], dataDir)).code).toBe(2);
  });
});

describe("attest CLI: staff accounts", { timeout: 180_000 }, () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "attest-cli-users-"));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("creates the first admin with a one-time set-password link, lists and deactivates accounts", async () => {
    const created = await attest(
      ["user", "create", "--role", "admin", "--email", "Boss@Example.com", "--name", "The Boss"],
      dataDir,
    );
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toMatch(/^http:\/\/localhost:\d+\/set-password\/[\w-]{20,}$/);
    expect((await attest(["user", "create", "--role", "admin", "--email", "boss@example.com"], dataDir)).code).toBe(1);
    expect((await attest(["user", "create", "--role", "owner", "--email", "x@example.com"], dataDir)).code).toBe(2);
    expect((await attest(["user", "list"], dataDir)).stdout).toBe("boss@example.com\tadmin\tinvited\tThe Boss\n");
    expect((await attest(["user", "deactivate", "BOSS@example.com"], dataDir)).code).toBe(0);
    expect((await attest(["user", "list"], dataDir)).stdout).toMatch(/^boss@example.com\tadmin\tdeactivated/);
  });
});
