import { readFileSync } from "node:fs";
import { checkFormat } from "./format";

const valid = JSON.parse(readFileSync(new URL("../fixtures/outcomes/valid-eddsa-rdfc-2022.json", import.meta.url), "utf8"));

/** Found by `npm run stress -- malformed`: 10,000 contexts took 44 s to verify, 200 kB context URLs about 14 s. */
describe("an oversized @context is refused before JSON-LD sees it", () => {
  test.each([
    ["10,000 contexts", Array.from({ length: 10_000 }, () => "https://www.w3.org/ns/credentials/v2")],
    ["a 200 kB context URL", ["https://www.w3.org/ns/credentials/v2", `https://example.org/${"a".repeat(200_000)}`]],
  ])("%s", (_label, contexts) => {
    const result = checkFormat({ ...valid, "@context": contexts });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.check).toMatchObject({ code: "invalid-context", message: expect.stringMatching(/far larger than any real credential/) });
  });

  test("a real credential's contexts pass", () => {
    expect(checkFormat(valid).ok).toBe(true);
  });
});
