import { checkIssuer } from "./issuer";
import { createTrustRegistry } from "../trust-registry";

const DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
const registry = createTrustRegistry([
  { issuerId: DID, name: "Example University", url: "https://example.edu", registry: "DCC Sandbox" },
  { issuerId: "https://badges.example.org/issuer", name: "Example Badges", registry: "manual" },
]);

describe("checkIssuer", () => {
  it("passes a listed issuer and names the registry entry that matched", () => {
    expect(checkIssuer(DID, registry)).toEqual({
      id: "issuer",
      outcome: "pass",
      code: "listed",
      message: "The issuer is Example University, as listed in the DCC Sandbox registry of trusted issuers.",
      evidence: {
        Issuer: DID,
        "Listed as": "Example University",
        Registry: "DCC Sandbox",
        Homepage: "https://example.edu",
      },
    });
  });

  it("leaves the homepage out of the evidence when the entry has none", () => {
    expect(checkIssuer("https://badges.example.org/issuer", registry).evidence).toEqual({
      Issuer: "https://badges.example.org/issuer",
      "Listed as": "Example Badges",
      Registry: "manual",
    });
  });

  it("reports an unlisted issuer as could-not-confirm, naming the issuer id that no entry matched", () => {
    const result = checkIssuer("did:key:z6MkUnlisted", registry);
    expect(result).toMatchObject({
      outcome: "indeterminate",
      code: "not-listed",
      evidence: { Issuer: "did:key:z6MkUnlisted" },
    });
    expect(result.evidence).not.toHaveProperty("Listed as");
  });

  it("matches ids exactly: a prefix or a different case is another issuer", () => {
    expect(checkIssuer(DID.slice(0, -1), registry).code).toBe("not-listed");
    expect(checkIssuer("https://BADGES.example.org/issuer", registry).code).toBe("not-listed");
  });

  it("without an issuer id there is nothing to look up and no evidence", () => {
    const result = checkIssuer(undefined, registry);
    expect(result).toMatchObject({ outcome: "indeterminate", code: "not-listed" });
    expect(result.evidence).toBeUndefined();
  });

  it("says no registry is configured when none is given", () => {
    expect(checkIssuer(DID)).toMatchObject({
      outcome: "not-applicable",
      code: "no-registry",
      evidence: { Issuer: DID },
    });
  });
});
