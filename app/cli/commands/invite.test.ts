import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { vi } from "vitest";
import { openDatabase } from "#db/client.server";
import { createTestPostgresDatabase } from "#db/test-databases";
import { listAuditEvents } from "#app/audit/audit.server";
import { inviteCommand } from "./invite";

/** Runs the command in this process with `env`, and what it printed. */
async function invite(args: string[], vars: Record<string, string>) {
  const env = { NODE_ENV: "test", ...vars } as NodeJS.ProcessEnv;
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
  const error = vi.spyOn(console, "error").mockImplementation((line: string) => void err.push(line));
  try {
    return { code: await inviteCommand(args, env), out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe("attest invite", { timeout: 120_000 }, () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "attest-invite-"));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("while the app holds the embedded database, refuses with a sentence that points to the Invitations page", async () => {
    // The lock file a running app leaves beside its data folder (db/client.server.ts); our parent process is alive.
    writeFileSync(path.join(dataDir, "pglite.lock"), String(process.ppid));
    try {
      const result = await invite(["create", "--title", "Welders"], {
        ATTEST_DATA_DIR: dataDir,
        ATTEST_PUBLIC_URL: "https://jobs.example.com",
      });
      expect(result.code).toBe(1);
      expect(result.out).toBe("");
      expect(result.err).toMatch(
        /The app is running on the embedded database \(pid \d+\).*in the app instead: https:\/\/jobs\.example\.com\/invitations/,
      );
    } finally {
      rmSync(path.join(dataDir, "pglite.lock"), { force: true });
    }
  });

  it.runIf(process.env.DATABASE_URL)(
    "on PostgreSQL, creates an invitation while the app runs, audited as the shell's",
    async () => {
      const database = await createTestPostgresDatabase(process.env.DATABASE_URL!);
      try {
        const env = {
          DATABASE_URL: database.url,
          ATTEST_PUBLIC_URL: "https://jobs.example.com",
          ATTEST_DB_WAIT_SECONDS: "0",
        };
        const created = await invite(["create", "--title", "Welders, Leeds", "--days", "30"], env);
        expect(created.code).toBe(0);
        expect(created.out).toMatch(/^https:\/\/jobs\.example\.com\/submit\/[\w-]{24}$/);
        const listed = await invite(["list"], env);
        expect(listed.out).toBe(`${created.out}\tWelders, Leeds\topen\t0 submissions`);
        const handle = await openDatabase({ databaseUrl: database.url });
        try {
          const [entry] = await listAuditEvents(handle.db, { action: "invitation.create" });
          expect(entry).toMatchObject({
            actor: "cli",
            actorId: null,
            subjectType: "invitation",
            detail: { title: "Welders, Leeds", expiresAt: expect.any(String) },
          });
        } finally {
          await handle.close();
        }
      } finally {
        await database.drop();
      }
    },
  );
});
