import { BUNDLED_CONTEXTS, CLR_CONTEXT_URL, createDocumentLoader, DocumentUnavailableError } from "./document-loader.server";

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
      verificationMethod: [{ id: "https://example.edu/issuers/565049#key-1", type: "Multikey", publicKeyMultibase: "z6Mk" }],
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
