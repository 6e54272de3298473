import { DcqlPresentationResult, DcqlQuery } from "dcql";
import { dcqlQueryFor, expandedTypes, templateInputSchema } from "./dcql-templates";

const OB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential";

describe("DCQL templates", () => {
  it("every template builds a query the dcql library accepts", () => {
    for (const input of [
      { kind: "any-open-badge" },
      { kind: "type-from-issuer", type: "ClrCredential", issuer: "did:web:college.example" },
      { kind: "sd-jwt-vct", vct: "https://credentials.example.edu/course-completion" },
    ] as const) {
      expect(() => DcqlQuery.validate(DcqlQuery.parse(dcqlQueryFor(input) as DcqlQuery.Input))).not.toThrow();
    }
  });

  it("matches a badge by its expanded type, and only from the issuer asked for", () => {
    const query = DcqlQuery.parse(
      dcqlQueryFor({
        kind: "type-from-issuer",
        type: "OpenBadgeCredential",
        issuer: "did:web:college.example",
      }) as DcqlQuery.Input,
    );
    const answer = (issuer: unknown) =>
      DcqlPresentationResult.fromDcqlPresentation(
        {
          credential_ldp_vc: [
            {
              credential_format: "ldp_vc",
              type: expandedTypes(["VerifiableCredential", "AchievementCredential"]),
              claims: { issuer },
              cryptographic_holder_binding: true,
            },
          ],
        } as never,
        { dcqlQuery: query },
      ).can_be_satisfied;
    expect(expandedTypes(["AchievementCredential"])).toContain(OB);
    expect(answer({ id: "did:web:college.example", type: "Profile" })).toBe(true);
    expect(answer("did:web:college.example")).toBe(true);
    expect(answer({ id: "did:web:elsewhere.example" })).toBe(false);
  });

  it("refuses a short type name Attest cannot expand, and an issuer that is not an identifier, with sentences", () => {
    const result = templateInputSchema.safeParse({
      kind: "type-from-issuer",
      type: "DriverLicence",
      issuer: "the college",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      "Give the type as a full IRI, or one of VerifiableCredential, OpenBadgeCredential, AchievementCredential, EndorsementCredential, ClrCredential.",
      "The issuer is a DID or a URL, such as did:web:college.example.",
    ]);
    expect(
      templateInputSchema.safeParse({
        kind: "type-from-issuer",
        type: "https://example.org/vocab#Licence",
        issuer: "did:web:dmv.example",
      }).success,
    ).toBe(true);
  });
});
