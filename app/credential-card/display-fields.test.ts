import { readFileSync } from "node:fs";
import path from "node:path";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { digest, ES256, generateSalt } from "@sd-jwt/crypto-nodejs";
import { extractDisplayFields } from "./display-fields.server";

const shared = (name: string) => readFileSync(path.resolve("../shared/fixtures/credentials", name), "utf8");
const outcome = (name: string) => readFileSync(path.resolve("app/verification/fixtures/outcomes", name), "utf8");

describe("display fields of a stored credential", () => {
  it("reads an Open Badge 3.0 achievement: name, description and criteria narrative (shared fixture)", () => {
    const display = extractDisplayFields(shared("dcc-vc2-obv3-ed25519-didkey-expired.json"));
    expect(display).toEqual({
      kind: "Open Badge 3.0",
      name: "Teamwork",
      description: "This badge recognizes the development of the capacity to collaborate within a group environment.",
      criteria:
        "Team members are nominated for this badge by their peers and recognized upon review by Example Corp management.",
      criteriaUrl: null,
      issuerName: "Example Corp",
      image: null,
    });
  });

  it("takes the achievement's image: a data: URL as embedded, an https URL as remote", () => {
    const credential = JSON.parse(shared("dcc-vc2-obv3-eddsa-didkey-skill-alignments.json"));
    credential.credentialSubject.achievement.image = { id: "data:image/png;base64,iVBORw0KGgo=", type: "Image" };
    expect(extractDisplayFields(JSON.stringify(credential)).image).toEqual({
      kind: "embedded",
      dataUrl: "data:image/png;base64,iVBORw0KGgo=",
    });
    credential.credentialSubject.achievement.image = "https://badges.example.org/teamwork.png";
    expect(extractDisplayFields(JSON.stringify(credential)).image).toEqual({
      kind: "remote",
      url: "https://badges.example.org/teamwork.png",
    });
  });

  it("ignores image URLs that are neither data: nor http(s), such as javascript: or file:", () => {
    const credential = JSON.parse(shared("dcc-vc2-obv3-ed25519-didkey-status-valid.json"));
    for (const url of ["javascript:alert(1)", "file:///etc/passwd", "not a url"]) {
      credential.credentialSubject.achievement.image = { id: url };
      expect(extractDisplayFields(JSON.stringify(credential)).image).toBeNull();
    }
  });

  it("describes a CLR 2.0 by its own name, not by a member's", () => {
    const display = extractDisplayFields(outcome("clr-valid.json"));
    expect(display).toMatchObject({ kind: "Comprehensive Learner Record", name: "Transcript" });
    expect(display.issuerName).toBe("Attest Test Academy");
  });

  it("reads an Open Badges 2.0 assertion's embedded badge class, with a criteria link and the badge image", () => {
    const assertion = JSON.parse(outcome("ob2-assertion.json"));
    assertion.badge = {
      ...JSON.parse(outcome("ob2-badgeclass.json")),
      description: "Writes small Python programs.",
      criteria: "https://badges.attest.test/badges/python/criteria",
      image: "https://badges.attest.test/badges/python.png",
    };
    expect(extractDisplayFields(JSON.stringify(assertion))).toMatchObject({
      kind: "Open Badge 2.0",
      name: "Python Basics",
      description: "Writes small Python programs.",
      criteria: null,
      criteriaUrl: "https://badges.attest.test/badges/python/criteria",
      image: { kind: "remote", url: "https://badges.attest.test/badges/python.png" },
    });
  });

  it("knows a hosted Open Badges 2.0 assertion only by kind (its badge class is a link)", () => {
    expect(extractDisplayFields(outcome("ob2-assertion.json"))).toMatchObject({ kind: "Open Badge 2.0", name: null });
  });

  it("decodes a VC-JWT (a plain VC 1.1 without a name: the subject's name is not the credential's)", () => {
    expect(extractDisplayFields(outcome("jwt-vc1-eddsa.jwt"))).toMatchObject({
      kind: "Verifiable credential",
      name: null,
    });
  });

  it("reads an SD-JWT VC's disclosed claims", async () => {
    const { privateKey } = await ES256.generateKeyPair();
    const sdjwt = new SDJwtVcInstance({
      signer: await ES256.getSigner(privateKey),
      signAlg: "ES256",
      hasher: digest,
      hashAlg: "sha-256",
      saltGenerator: generateSalt,
    });
    const text = await sdjwt.issue(
      {
        iss: "https://university.example/issuer",
        vct: "https://credentials.example.edu/course-completion",
        iat: 1_700_000_000,
        name: "Course completion: Data analysis",
        description: "Completed the twelve-week data analysis course.",
      } as never,
      { _sd: ["name", "description"] } as never,
      { header: { typ: "dc+sd-jwt" } },
    );
    expect(extractDisplayFields(text)).toMatchObject({
      kind: "SD-JWT credential",
      name: "Course completion: Data analysis",
      description: "Completed the twelve-week data analysis course.",
    });
  });

  it("gives empty fields, never an exception, for text that is not a credential", () => {
    for (const text of ["", "{not json", "[1,2]", "eyJhbGciOi.broken.x", "hello"]) {
      expect(extractDisplayFields(text)).toMatchObject({ name: null, image: null });
    }
  });

  it("cuts an overlong description", () => {
    const credential = JSON.parse(shared("dcc-vc2-obv3-ed25519-didkey-status-valid.json"));
    credential.credentialSubject.achievement.description = "x".repeat(10_000);
    expect(extractDisplayFields(JSON.stringify(credential)).description).toHaveLength(2_000);
  });
});
