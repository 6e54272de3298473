import { loadFixture } from "#app/verification/fixtures/load-fixture.server";
import { isCompactJwt, isSdJwtText } from "./jwt";
import { MAX_ITEMS, type ResolvedItem } from "./resolved-item";
import { parseSubmittedText } from "./submitted-text";

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
/** Shaped like a VC-JWT; the signature is not real, which does not matter to a parser. */
const SAMPLE_JWT = `${base64url({ alg: "EdDSA", typ: "JWT" })}.${base64url({
  vc: {},
  iss: "did:key:z6Mk",
})}.c2lnbmF0dXJl`;

const credential = loadFixture("dcc-vc2-obv3-eddsa-didkey-skill-alignments");
const other = loadFixture("dcc-vc2-obv3-ed25519-didkey-status-valid");

function presentationOf(...credentials: unknown[]) {
  return {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    type: ["VerifiablePresentation"],
    holder: "did:example:holder",
    verifiableCredential: credentials,
  };
}

const summarise = (items: ResolvedItem[]) =>
  items.map((item) => (item.ok ? { ok: true, kind: item.kind, source: item.source } : { ok: false, code: item.code }));

describe("parseSubmittedText", () => {
  it("reads one credential, keeping its exact text", () => {
    const text = JSON.stringify(credential, null, 2);
    expect(parseSubmittedText(`\uFEFF\n${text}\n`)).toEqual([
      { ok: true, kind: "credential", document: credential, source: "paste", raw: text },
    ]);
  });

  it("names the source it is given", () => {
    expect(parseSubmittedText(JSON.stringify(credential), "upload:SharedCredential.txt")[0].source).toBe(
      "upload:SharedCredential.txt",
    );
  });

  it("yields each credential of a presentation, with the presentation attached and the items numbered", () => {
    const presentation = presentationOf(credential, other);
    const text = JSON.stringify(presentation);
    const items = parseSubmittedText(text);
    expect(summarise(items)).toEqual([
      { ok: true, kind: "credential", source: "paste (item 1 of 2)" },
      { ok: true, kind: "credential", source: "paste (item 2 of 2)" },
    ]);
    expect(items.map((item) => item.ok && item.kind !== "jwt" && item.document)).toEqual([credential, other]);
    for (const item of items) {
      expect(item.ok && item.presentation).toEqual({ document: presentation, raw: text });
      expect(item.ok && JSON.parse(item.raw)).toEqual(item.ok && item.kind !== "jwt" ? item.document : null);
    }
  });

  it("yields JWT credentials inside a presentation as JWT items", () => {
    const items = parseSubmittedText(JSON.stringify(presentationOf(SAMPLE_JWT, credential)));
    expect(summarise(items).map((s) => ("kind" in s ? s.kind : s.code))).toEqual(["jwt", "credential"]);
    expect(items[0]).toMatchObject({ ok: true, kind: "jwt", jwt: SAMPLE_JWT, raw: SAMPLE_JWT });
    expect(items[0].ok && items[0].presentation).toBeTruthy();
  });

  it("keeps the good entries of an array when others are bad", () => {
    const items = parseSubmittedText(JSON.stringify([credential, 42, "not a jwt", SAMPLE_JWT, [credential]]));
    expect(summarise(items)).toEqual([
      { ok: true, kind: "credential", source: "paste (item 1 of 5)" },
      { ok: false, code: "not-an-object" },
      { ok: false, code: "unrecognised-text" },
      { ok: true, kind: "jwt", source: "paste (item 4 of 5)" },
      { ok: false, code: "not-an-object" },
    ]);
    expect(items[0].ok && items[0].raw).toBe(JSON.stringify(credential));
  });

  it("keeps the good credentials of a presentation when others are bad", () => {
    const items = parseSubmittedText(JSON.stringify(presentationOf(credential, 42, presentationOf(other))));
    expect(summarise(items).map((s) => s.ok)).toEqual([true, false, false]);
    expect(items[1]).toMatchObject({ source: "paste (item 2 of 3)", code: "not-an-object" });
  });

  it("reads a compact JWT", () => {
    expect(parseSubmittedText(`  ${SAMPLE_JWT}\n`)).toEqual([
      { ok: true, kind: "jwt", jwt: SAMPLE_JWT, source: "paste", raw: SAMPLE_JWT },
    ]);
  });

  it("recognises an Open Badges 2.0 assertion and passes unknown JSON objects on", () => {
    const assertion = {
      "@context": "https://w3id.org/openbadges/v2",
      type: "Assertion",
      id: "https://badges.example/a/1",
    };
    expect(parseSubmittedText(JSON.stringify(assertion))[0]).toMatchObject({ ok: true, kind: "ob2-assertion" });
    expect(parseSubmittedText('{"name":"my CV"}')[0]).toMatchObject({ ok: true, kind: "unknown" });
  });

  it("unwraps a VC 2.0 enveloped JWT credential and refuses envelopes it cannot check", () => {
    const envelope = (id: string) =>
      JSON.stringify({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        type: "EnvelopedVerifiableCredential",
        id,
      });
    expect(parseSubmittedText(envelope(`data:application/vc+jwt,${SAMPLE_JWT}`))[0]).toMatchObject({
      ok: true,
      kind: "jwt",
      jwt: SAMPLE_JWT,
    });
    const refused = parseSubmittedText(envelope("data:application/vc+sd-jwt,abc~def~"))[0];
    expect(refused).toMatchObject({ ok: false, code: "unsupported-format" });
    expect(!refused.ok && refused.reason).toContain("application/vc+sd-jwt");
  });

  it("reads a pasted VerifierPlus record", () => {
    const vp = presentationOf(credential);
    const items = parseSubmittedText(
      JSON.stringify({ vp, id: "x", controller: "did:x", credential: [credential], shared: true }),
    );
    expect(summarise(items)).toEqual([{ ok: true, kind: "credential", source: "paste" }]);
  });

  it.each<[string, string, RegExp]>([
    ["empty text", "   \n", /empty/],
    ["invalid JSON", '{"@context": [', /not valid JSON/],
    ["a JSON string", '"hello"', /neither/],
    ["a JSON number", "42", /neither/],
    ["an empty array", "[]", /no credentials/],
    ["an empty presentation", JSON.stringify(presentationOf()), /no credentials/],
    ["a link", "https://verifierplus.org/credentials/x", /link/],
    ["prose", "I have a degree in chemistry.", /neither a credential in JSON nor a JWT/],
    ["dotted text", "v1.2.3", /neither/],
  ])("explains %s", (_name, text, reason) => {
    const [item] = parseSubmittedText(text);
    expect(item.ok).toBe(false);
    expect(!item.ok && item.reason).toMatch(reason);
  });

  it("refuses text over 1 MB before parsing it", () => {
    const [item] = parseSubmittedText(`[${"1,".repeat(600_000)}1]`);
    expect(item).toMatchObject({ ok: false, code: "too-large" });
  });

  it(`reads at most ${MAX_ITEMS} items and says so`, () => {
    const items = parseSubmittedText(JSON.stringify(Array.from({ length: MAX_ITEMS + 5 }, () => SAMPLE_JWT)));
    expect(items).toHaveLength(MAX_ITEMS + 1);
    expect(items.at(-1)).toMatchObject({ ok: false, code: "too-many-items" });
  });
});

describe("isCompactJwt", () => {
  it.each([
    [SAMPLE_JWT, true],
    [`${SAMPLE_JWT}.extra`, false],
    [`${base64url({ alg: "none" })}.${base64url({})}.`, false], // unsigned
    ["a.b.c", false], // header is not JSON
    [`${base64url({ typ: "JWT" })}.e30.c2ln`, false], // no alg
    [`${base64url({ alg: "ES256" })}.e30.c2ln=`, false], // padding is not base64url
    ["", false],
  ])("%s → %s", (text, expected) => {
    expect(isCompactJwt(text)).toBe(expected);
  });
});

describe("SD-JWT VC text", () => {
  const disclosure = base64url(["c2FsdA", "name", "Python"]);
  const SD_JWT = `${SAMPLE_JWT}~${disclosure}~`;

  it.each([
    [SD_JWT, true],
    [`${SAMPLE_JWT}~`, true], // no disclosures
    [`${SD_JWT}${SAMPLE_JWT}`, true], // with a key-binding JWT
    [`${SAMPLE_JWT}~not base64url!~`, false],
    [`a.b.c~${disclosure}~`, false],
    [SAMPLE_JWT, false], // a plain JWT is not an SD-JWT
  ])("%s → %s", (text, expected) => {
    expect(isSdJwtText(text)).toBe(expected);
  });

  it("a pasted SD-JWT VC is one item for the verifier, not unrecognised text", () => {
    expect(parseSubmittedText(`  ${SD_JWT}\n`)).toEqual([
      { ok: true, kind: "jwt", jwt: SD_JWT, source: "paste", raw: SD_JWT },
    ]);
  });
});
