import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkBinary, readOrCreateMasterKey } from "./local-server.server";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "attest-meili-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the local Meilisearch server's binary check", () => {
  it("refuses a binary whose sha256 is not the recorded one, and says what to do", async () => {
    const binary = path.join(dir, "meilisearch");
    writeFileSync(binary, "#!/bin/sh\necho not meilisearch\n");
    const expected = createHash("sha256").update("the real release").digest("hex");
    await expect(checkBinary(binary, expected)).rejects.toThrow(
      /is not the release this project pinned, so it is not run/,
    );
    expect(statSync(binary).mode & 0o111).toBe(0);
  });

  it("accepts the recorded sha256 and makes the binary executable (the package ships it without the bit)", async () => {
    const binary = path.join(dir, "meilisearch");
    writeFileSync(binary, "release bytes", { mode: 0o644 });
    await checkBinary(binary, createHash("sha256").update("release bytes").digest("hex"));
    expect(statSync(binary).mode & 0o111).toBe(0o111);
  });

  it("names a missing binary", async () => {
    await expect(checkBinary(path.join(dir, "absent"), "0".repeat(64))).rejects.toThrow(/binary is missing/);
  });
});

describe("the local Meilisearch server's master key", () => {
  it("is generated once, readable by its owner only, and kept across starts", async () => {
    const first = await readOrCreateMasterKey(path.join(dir, "meili"));
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(path.join(dir, "meili/master-key")).mode & 0o077).toBe(0);
    expect(await readOrCreateMasterKey(path.join(dir, "meili"))).toBe(first);
  });
});
