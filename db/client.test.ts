import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "./client.server";

describe("the embedded database folder", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "attest-db-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a second opener while a live process holds it, naming the process", async () => {
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      writeFileSync(path.join(dir, "pglite.lock"), String(holder.pid));
      await expect(openDatabase({ dataDir: path.join(dir, "pglite") })).rejects.toThrow(
        `in use by another Attest process (pid ${holder.pid})`,
      );
    } finally {
      holder.kill();
    }
  });

  it("takes over a lock left by a process that no longer runs, and keeps data across reopen", async () => {
    writeFileSync(path.join(dir, "pglite.lock"), "999999999");
    const first = await openDatabase({ dataDir: path.join(dir, "pglite") });
    expect(first.kind).toBe("pglite");
    await first.close();
    const second = await openDatabase({ dataDir: path.join(dir, "pglite") });
    await second.close();
  });
});
