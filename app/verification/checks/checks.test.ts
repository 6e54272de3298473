import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { checkFormat } from "./format";
import { checkValidity } from "./validity";
import { checkHolder, identityMatchesEmail } from "./holder.server";
import { checkStatus, decodeStatusList, readStatusBit } from "./status.server";
import { loadFixture } from "../fixtures/load-fixture.server";

const V2 = "https://www.w3.org/ns/credentials/v2";
const V1 = "https://www.w3.org/2018/credentials/v1";
const minimal = {
  "@context": [V2],
  type: ["VerifiableCredential"],
  issuer: "did:example:issuer",
  credentialSubject: { id: "did:example:alice" },
  proof: { type: "DataIntegrityProof" },
};

describe("checkFormat", () => {
  test.each([
    ["plain text", "hello", "not-an-object"],
    ["a list", [minimal], "not-an-object"],
    ["null", null, "not-an-object"],
    ["no context", { ...minimal, "@context": undefined }, "no-context"],
    ["a foreign first context", { ...minimal, "@context": ["https://schema.org"] }, "unknown-context"],
    ["no VerifiableCredential type", { ...minimal, type: ["Thing"] }, "not-a-credential"],
    ["a presentation", { ...minimal, type: ["VerifiablePresentation"] }, "not-a-credential"],
    ["no issuer", { ...minimal, issuer: undefined }, "missing-issuer"],
    ["an issuer object without id", { ...minimal, issuer: { name: "X" } }, "missing-issuer"],
    ["no subject", { ...minimal, credentialSubject: undefined }, "missing-subject"],
    ["an empty subject", { ...minimal, credentialSubject: {} }, "missing-subject"],
    ["VC 1.1 without issuanceDate", { ...minimal, "@context": [V1] }, "missing-issuance-date"],
    ["a bad validUntil", { ...minimal, validUntil: "next Tuesday" }, "invalid-date"],
    ["no proof", { ...minimal, proof: undefined }, "no-proof"],
    ["a proof without type", { ...minimal, proof: { proofValue: "z1" } }, "invalid-proof"],
  ])("%s → fail %s", (_label, input, code) => {
    const result = checkFormat(input);
    expect(result.ok).toBe(false);
    expect(result.check).toMatchObject({ id: "format", outcome: "fail", code });
    expect(result.check.message).toMatch(/^[A-Z].*\.$/);
  });

  test.each([
    ["VC 2.0", minimal, 2],
    ["VC 1.1", { ...minimal, "@context": [V1], issuanceDate: "2020-01-01T00:00:00Z" }, 1],
    ["an issuer object", { ...minimal, issuer: { id: "did:example:issuer", name: "X" } }, 2],
    ["several proofs", { ...minimal, proof: [{ type: "A" }, { type: "B" }] }, 2],
  ])("%s → pass", (_label, input, version) => {
    const result = checkFormat(input);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.version).toBe(version);
  });
});

describe("checkValidity", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  test.each([
    ["no dates", {}, "pass", "within-validity-period"],
    [
      "VC 2 within",
      { validFrom: "2025-01-01T00:00:00Z", validUntil: "2027-01-01T00:00:00Z" },
      "pass",
      "within-validity-period",
    ],
    ["VC 2 expired", { validUntil: "2025-12-31T00:00:00Z" }, "fail", "expired"],
    ["VC 2 not yet valid", { validFrom: "2026-02-01T00:00:00Z" }, "fail", "not-yet-valid"],
    [
      "VC 1.1 expired",
      { issuanceDate: "2020-01-01T00:00:00Z", expirationDate: "2021-01-01T00:00:00Z" },
      "fail",
      "expired",
    ],
    ["VC 1.1 issued in the future", { issuanceDate: "2030-01-01T00:00:00Z" }, "fail", "not-yet-valid"],
    ["within clock skew", { validFrom: "2026-01-01T00:04:00Z" }, "pass", "within-validity-period"],
    ["an unparseable date", { validUntil: "soon" }, "fail", "invalid-date"],
  ])("%s → %s %s", (_label, credential, outcome, code) => {
    expect(checkValidity(credential, now)).toMatchObject({ id: "validity", outcome, code });
  });

  test("the evidence names the dates compared and the clock", () => {
    expect(
      checkValidity({ issuanceDate: "2020-01-01T00:00:00Z", expirationDate: "2021-01-01T00:00:00Z" }, now).evidence,
    ).toEqual({
      "Valid from (issuanceDate)": "2020-01-01T00:00:00Z",
      "Valid until (expirationDate)": "2021-01-01T00:00:00Z",
      "Checked at": now.toISOString(),
      "Clock tolerance": "5 minutes",
    });
  });

  test("the sentence names the date", () => {
    expect(checkValidity({ validUntil: "2025-03-15T12:00:00Z" }, now).message).toBe(
      "The credential expired on 15 March 2025.",
    );
  });
});

describe("status list decoding", () => {
  test("the fixture list has bits 2, 6 and 8 set, most significant bit first", () => {
    const list = loadFixture("dcc-bitstring-status-list-e5WK8CbZ1GjycuPombrj");
    const bits = decodeStatusList(list.credentialSubject.encodedList, true);
    const set = Array.from({ length: 64 }, (_, i) => i).filter((i) => readStatusBit(bits, i));
    expect(set).toEqual([2, 6, 8]);
    expect(readStatusBit(bits, bits.length * 8)).toBeNull();
  });

  test("StatusList2021 lists have no multibase prefix", () => {
    const bytes = new Uint8Array(16);
    bytes[0] = 0b0100_0000;
    const encoded = gzipSync(bytes).toString("base64url");
    expect(readStatusBit(decodeStatusList(encoded, false), 1)).toBe(true);
    expect(readStatusBit(decodeStatusList(encoded, false), 0)).toBe(false);
  });
});

describe("checkStatus", () => {
  const issuer = "did:example:issuer";
  const listUrl = "https://status.example.org/lists/1";
  const list = (purpose: string, setIndex: number) => {
    const bytes = new Uint8Array(16 * 1024);
    bytes[Math.floor(setIndex / 8)] = 0x80 >> (setIndex % 8);
    return {
      "@context": [V2],
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      issuer,
      credentialSubject: {
        type: "BitstringStatusList",
        statusPurpose: purpose,
        encodedList: `u${gzipSync(bytes).toString("base64url")}`,
      },
    };
  };
  const credential = (purpose: string, index: number) => ({
    issuer: { id: issuer },
    credentialStatus: {
      type: "BitstringStatusListEntry",
      statusPurpose: purpose,
      statusListIndex: String(index),
      statusListCredential: listUrl,
    },
  });
  const now = new Date("2026-01-01T00:00:00Z");
  const trusted = { verifyListProof: async () => true, now };

  test.each([
    ["revocation bit set", credential("revocation", 42), list("revocation", 42), "fail", "revoked"],
    ["suspension bit set", credential("suspension", 42), list("suspension", 42), "fail", "suspended"],
    ["bit clear", credential("revocation", 41), list("revocation", 42), "pass", "not-revoked"],
    ["purpose mismatch", credential("suspension", 42), list("revocation", 42), "indeterminate", "status-list-invalid"],
    [
      "index beyond the list",
      credential("revocation", 10_000_000),
      list("revocation", 1),
      "indeterminate",
      "status-list-invalid",
    ],
    [
      "list from another issuer",
      credential("revocation", 42),
      { ...list("revocation", 42), issuer: "did:example:other" },
      "indeterminate",
      "status-list-unverified",
    ],
    [
      "not a status list",
      credential("revocation", 42),
      { type: ["VerifiableCredential"] },
      "indeterminate",
      "status-list-invalid",
    ],
    [
      "an expired list",
      credential("revocation", 41),
      { ...list("revocation", 42), validUntil: "2025-01-01T00:00:00Z" },
      "indeterminate",
      "status-list-expired",
    ],
  ])("%s → %s %s", async (_label, cred, served, outcome, code) => {
    const result = await checkStatus(cred, { ...trusted, fetchStatusList: async () => served });
    expect(result).toMatchObject({ id: "status", outcome, code });
  });

  test("the evidence names the list, the index, the purpose and the bit found", async () => {
    const result = await checkStatus(credential("revocation", 42), {
      ...trusted,
      fetchStatusList: async () => list("revocation", 42),
    });
    expect(result.evidence).toEqual({
      "Status method": "BitstringStatusListEntry",
      "Status list": listUrl,
      Index: "42",
      Purpose: "revocation",
      Found: "bit set (1)",
      "Checked at": now.toISOString(),
    });
  });

  test("a list served as JSON text is parsed", async () => {
    const result = await checkStatus(credential("revocation", 42), {
      ...trusted,
      fetchStatusList: async () => JSON.stringify(list("revocation", 42)),
    });
    expect(result.code).toBe("revoked");
  });

  test("an unverified list is not relied on", async () => {
    const result = await checkStatus(credential("revocation", 42), {
      verifyListProof: async () => false,
      now,
      fetchStatusList: async () => list("revocation", 42),
    });
    expect(result).toMatchObject({ outcome: "indeterminate", code: "status-list-unverified" });
  });

  test("no credentialStatus → not applicable; a message-only entry is skipped", async () => {
    expect(await checkStatus({ issuer }, trusted)).toMatchObject({ outcome: "not-applicable", code: "no-status" });
    const messageOnly = {
      issuer,
      credentialStatus: { ...credential("message", 1).credentialStatus, statusPurpose: "message" },
    };
    expect(await checkStatus(messageOnly, trusted)).toMatchObject({ outcome: "not-applicable" });
  });
});

describe("holder", () => {
  const salt = "s4lt";
  const hashed = (email: string) =>
    `sha256$${createHash("sha256")
      .update(email + salt)
      .digest("hex")}`;
  const subject = (identifier: unknown[], id?: string) => ({
    credentialSubject: { ...(id ? { id } : {}), identifier },
  });
  const emailIdentity = (identityHash: string, isHashed: boolean) => ({
    type: "IdentityObject",
    identityType: "emailAddress",
    hashed: isHashed,
    identityHash,
    ...(isHashed ? { salt } : {}),
  });

  test.each([
    ["hashed, same email", emailIdentity(hashed("ada@example.com"), true), "ada@example.com", true],
    ["hashed, other case in input", emailIdentity(hashed("ada@example.com"), true), "Ada@Example.com", true],
    ["hashed with upper case, same input", emailIdentity(hashed("Ada@Example.com"), true), "Ada@Example.com", true],
    ["hashed, other email", emailIdentity(hashed("ada@example.com"), true), "bob@example.com", false],
    ["plain, case-insensitive", emailIdentity("Ada@Example.com", false), "ada@example.com", true],
    ["plain, other email", emailIdentity("ada@example.com", false), "bob@example.com", false],
  ])("identityMatchesEmail: %s", (_label, identity, email, expected) => {
    expect(identityMatchesEmail(identity, email)).toBe(expected);
  });

  test.each([
    [
      "email match",
      subject([emailIdentity(hashed("ada@example.com"), true)]),
      { email: "ada@example.com" },
      "pass",
      "holder-match",
    ],
    [
      "email mismatch",
      subject([emailIdentity(hashed("ada@example.com"), true)]),
      { email: "eve@example.com" },
      "fail",
      "holder-mismatch",
    ],
    ["DID match", subject([], "did:example:ada"), { did: "did:example:ada" }, "pass", "holder-match"],
    ["DID mismatch", subject([], "did:example:ada"), { did: "did:example:eve" }, "fail", "holder-mismatch"],
    ["nothing to compare", subject([]), { email: "ada@example.com" }, "not-applicable", "no-holder-binding"],
    [
      "no expectation",
      subject([emailIdentity("ada@example.com", false)]),
      undefined,
      "not-applicable",
      "no-holder-binding",
    ],
  ])("checkHolder: %s → %s", (_label, credential, expected, outcome, code) => {
    expect(checkHolder(credential, expected)).toMatchObject({ id: "holder", outcome, code });
  });

  test("checkHolder evidence: the DIDs compared, or the identifier's type, hashing and salt", () => {
    expect(checkHolder(subject([], "did:example:ada"), { did: "did:example:eve" }).evidence).toEqual({
      "Expected DID": "did:example:eve",
      "Subject id": "did:example:ada",
    });
    expect(
      checkHolder(subject([emailIdentity(hashed("ada@example.com"), true)]), { email: "ada@example.com" }).evidence,
    ).toEqual({
      Compared: "the submitter's email address",
      "Identifier type": "emailAddress",
      Hashed: "yes (sha256)",
      Salt: salt,
    });
  });
});
