import { describe, expect, it } from "vitest";
import { dropDatabaseForce } from "./test-databases";

/** A stand-in admin connection that fails its first calls with the given PostgreSQL error codes. */
function adminFailingWith(...codes: string[]) {
  const statements: string[] = [];
  return {
    statements,
    unsafe: async (sql: string) => {
      statements.push(sql);
      const code = codes.shift();
      if (code) throw Object.assign(new Error(`refused (${code})`), { code });
      return [];
    },
  };
}

describe("dropping a throw-away database", () => {
  it("tries again while an autovacuum worker in it may not be ended (42501), then drops it", async () => {
    const admin = adminFailingWith("42501", "42501");
    await dropDatabaseForce(admin, "attest_test_x", { pauseMs: 1 });
    expect(admin.statements).toEqual(Array(3).fill("DROP DATABASE IF EXISTS attest_test_x WITH (FORCE)"));
  });

  it("gives up after its attempts, with PostgreSQL's error", async () => {
    const admin = adminFailingWith("42501", "42501", "42501");
    await expect(dropDatabaseForce(admin, "attest_test_x", { attempts: 3, pauseMs: 1 })).rejects.toMatchObject({
      code: "42501",
    });
    expect(admin.statements).toHaveLength(3);
  });

  it("does not retry any other error", async () => {
    const admin = adminFailingWith("3D000");
    await expect(dropDatabaseForce(admin, "attest_test_x", { pauseMs: 1 })).rejects.toMatchObject({ code: "3D000" });
    expect(admin.statements).toHaveLength(1);
  });
});
