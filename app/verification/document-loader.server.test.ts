import {
  BUNDLED_CONTEXTS,
  CLR_CONTEXT_URL,
  createDocumentLoader,
  DocumentUnavailableError,
} from "./document-loader.server";

const DID = "did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q";
const VM = `${DID}#z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q`;

describe("createDocumentLoader", () => {
  const load = createDocumentLoader();

  test.each([
    "https://www.w3.org/2018/credentials/v1",
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://w3id.org/security/suites/ed25519-2020/v1",
    "https://w3id.org/security/data-integrity/v1",
    "https://w3id.org/security/data-integrity/v2",
    "https://www.w3.org/ns/did/v1",
    "https://www.w3.org/ns/credentials/status/v1",
    "https://w3id.org/vc/status-list/2021/v1",
    CLR_CONTEXT_URL,
  ])("serves the bundled context %s as static", async (url) => {
    const result = await load(url);
    expect(result).toMatchObject({ documentUrl: url, tag: "static", contextUrl: null });
    expect(result.document).toHaveProperty("@context");
    expect(BUNDLED_CONTEXTS.has(url)).toBe(true);
  });

  test("resolves a did:key to its DID document", async () => {
    const { document } = await load(DID);
    expect(document).toMatchObject({ id: DID, assertionMethod: [VM] });
  });

  test("resolves a did:key verification method URL to the Multikey", async () => {
    const { document } = await load(VM);
    expect(document).toMatchObject({ id: VM, type: "Multikey", controller: DID });
  });

  test("answers pinned documents, and URL#fragment from the pinned document's nodes", async () => {
    const keyDocument = {
      "@context": ["https://www.w3.org/ns/did/v1"],
      id: "https://example.edu/issuers/565049",
      verificationMethod: [
        { id: "https://example.edu/issuers/565049#key-1", type: "Multikey", publicKeyMultibase: "z6Mk" },
      ],
    };
    const pinned = createDocumentLoader({ pins: new Map([["https://example.edu/issuers/565049", keyDocument]]) });
    expect((await pinned("https://example.edu/issuers/565049")).document).toBe(keyDocument);
    expect((await pinned("https://example.edu/issuers/565049#key-1")).document).toMatchObject({
      id: "https://example.edu/issuers/565049#key-1",
      type: "Multikey",
    });
    await expect(pinned("https://example.edu/issuers/565049#missing")).rejects.toBeInstanceOf(DocumentUnavailableError);
  });

  test.each(["https://example.com/contexts/custom.json", "did:web:issuer.example", "did:key:not-a-key"])(
    "refuses %s: not available offline",
    async (url) => {
      const attempt = load(url);
      await expect(attempt).rejects.toBeInstanceOf(DocumentUnavailableError);
      await expect(attempt).rejects.toThrow(/not available offline/);
    },
  );
});

describe("offline DID methods beyond Ed25519 did:key", () => {
  const load = createDocumentLoader();
  const jwk = { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" };
  const did = `did:jwk:${Buffer.from(JSON.stringify(jwk)).toString("base64url")}`;

  test("did:jwk decodes to a DID document whose one key, #0, is the JWK", async () => {
    expect((await load(did)).document).toMatchObject({
      id: did,
      assertionMethod: [`${did}#0`],
      authentication: [`${did}#0`],
    });
    expect((await load(`${did}#0`)).document).toMatchObject({
      id: `${did}#0`,
      type: "JsonWebKey",
      controller: did,
      publicKeyJwk: jwk,
    });
  });

  test("did:jwk with a private key, or another fragment, is refused", async () => {
    const secret = `did:jwk:${Buffer.from(JSON.stringify({ ...jwk, d: "x" })).toString("base64url")}`;
    await expect(load(secret)).rejects.toBeInstanceOf(DocumentUnavailableError);
    await expect(load(`${did}#1`)).rejects.toBeInstanceOf(DocumentUnavailableError);
  });

  test("a P-256 did:key resolves", async () => {
    const p256 = "did:key:zDnaeRxLGy2YT6fA1g74vecAFetfcbM7uVSL4Dqswhek7Bfep";
    expect((await load(p256)).document).toMatchObject({ id: p256 });
  });
});
