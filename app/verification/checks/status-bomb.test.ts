import { gzipSync } from "node:zlib";
import { checkStatus, decodeStatusList, MAX_STATUS_LIST_BYTES } from "./status.server";

/** Found by `npm run stress -- malformed`: a signed status list of gzipped zeros inflated to 256 MB in memory. */
describe("a status list that is a decompression bomb", () => {
  const url = "https://status.attest.test/lists/bomb";
  const bomb = `u${gzipSync(Buffer.alloc(MAX_STATUS_LIST_BYTES * 4), { level: 9 }).toString("base64url")}`;

  test("decoding stops at the cap instead of inflating it all", () => {
    const before = process.memoryUsage().arrayBuffers;
    expect(() => decodeStatusList(bomb, true)).toThrow(expect.objectContaining({ code: "ERR_BUFFER_TOO_LARGE" }));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(2 * MAX_STATUS_LIST_BYTES);
    // A real list (16 KiB) and one at the cap still decode.
    expect(decodeStatusList(`u${gzipSync(Buffer.alloc(16 * 1024)).toString("base64url")}`, true).length).toBe(
      16 * 1024,
    );
    expect(
      decodeStatusList(`u${gzipSync(Buffer.alloc(MAX_STATUS_LIST_BYTES)).toString("base64url")}`, true).length,
    ).toBe(MAX_STATUS_LIST_BYTES);
  });

  test("a credential pointing at it is 'could not check', with a sentence, never fine", async () => {
    const list = {
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      id: url,
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      issuer: "did:example:issuer",
      validFrom: "2025-01-01T00:00:00Z",
      credentialSubject: {
        id: `${url}#list`,
        type: "BitstringStatusList",
        statusPurpose: "revocation",
        encodedList: bomb,
      },
    };
    const credential = {
      id: "urn:uuid:1",
      issuer: "did:example:issuer",
      credentialStatus: {
        id: `${url}#7`,
        type: "BitstringStatusListEntry",
        statusPurpose: "revocation",
        statusListIndex: "7",
        statusListCredential: url,
      },
    };
    const result = await checkStatus(credential, {
      fetchStatusList: async () => list,
      verifyListProof: async () => true,
      now: new Date("2026-01-01T00:00:00Z"),
    });
    expect(result.outcome).toBe("indeterminate");
    expect(result.message, JSON.stringify(result)).toMatch(/larger than 16 MB once decompressed/);
  });
});
