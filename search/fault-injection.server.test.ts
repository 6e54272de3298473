import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSearchEngine } from "./create-engine.server";
import type { CandidateDocument } from "./engine";

const doc = (id: string): CandidateDocument => ({
  id,
  displayName: `Person ${id}`,
  email: `${id}@example.com`,
  headline: "",
  verifiedSkills: ["python"],
  claimedSkills: [],
  verifiedSkillLabels: ["Python"],
  claimedSkillLabels: [],
  issuers: [],
  formats: [],
  achievementTypes: [],
  verifiedSkillCount: 1,
  lastVerifiedAt: 0,
  vskillTrusted: [],
});

describe("ATTEST_SEARCH_FAULT_FILE", () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), "attest-fault-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("fails writes while the file exists, and works again once it is gone", async () => {
    const faultFile = path.join(dir, "search-fault");
    const engine = createSearchEngine({ ATTEST_SEARCH_FAULT_FILE: faultFile });
    await engine.prepare();
    await engine.upsert([doc("a")]);
    writeFileSync(faultFile, "fail-writes");
    await expect(engine.upsert([doc("b")])).rejects.toThrow(/fault injected/);
    await expect(engine.remove(["a"])).rejects.toThrow(/fault injected/);
    expect((await engine.search({})).total).toBe(1);
    rmSync(faultFile);
    await engine.upsert([doc("b")]);
    expect((await engine.search({})).total).toBe(2);
  });

  test("fail-all fails reads too", async () => {
    const faultFile = path.join(dir, "search-fault");
    const engine = createSearchEngine({ ATTEST_SEARCH_FAULT_FILE: faultFile });
    await engine.prepare();
    writeFileSync(faultFile, "fail-all");
    await expect(engine.search({})).rejects.toThrow(/fault injected/);
    await expect(engine.listDocuments({ offset: 0, limit: 10 })).rejects.toThrow(/fault injected/);
  });

  test("is ignored unless set: the engine is not wrapped", async () => {
    const engine = createSearchEngine({});
    await engine.prepare();
    await engine.upsert([doc("a")]);
    expect((await engine.getDocuments(["a"])).map((d) => d.id)).toEqual(["a"]);
  });
});
