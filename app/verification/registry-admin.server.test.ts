import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { credentials, searchOutbox, trustedIssuers } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { listTrustedIssuers } from "#db/queries/trusted-issuers.server";
import { listAuditEvents, staffActor } from "#app/audit/audit.server";
import { generateIssuerKey, issueOpenBadge, type SerializedIssuerKey } from "#app/demo/issuer.server";
import { storeVerifiedCredential } from "#app/ingest/submit.server";
import { createVerifier } from "#app/verification/verifier.server";
import type { CheckResult, VerificationReport } from "./report";
import {
  addTrustedIssuer,
  describeImport,
  getRegistryAdmin,
  importRegistryFile,
  reevaluateIssuer,
  removeTrustedIssuer,
  trustedIssuerSchema,
  type RegistryAdminDeps,
} from "./registry-admin.server";
import { createTrustRegistry } from "./trust-registry";

const NOW = new Date("2030-01-01T09:00:00Z");
const admin = staffActor({ id: "staff_1", email: "admin@example.com" }, "192.0.2.7");
const issuerCheck = (report: VerificationReport) => report.checks.find((c) => c.id === "issuer") as CheckResult;

describe.each(testDatabaseKinds())("trust registry changes on $name", (kind) => {
  let handle: DatabaseHandle;
  let deps: RegistryAdminDeps;
  let changes = 0;
  let college: SerializedIssuerKey;
  let other: SerializedIssuerKey;
  let credentialId: string;
  let candidateId: string;

  beforeAll(async () => {
    handle = await kind.open();
    deps = { db: handle.db, now: () => NOW, onChanged: () => void changes++ };
    college = await generateIssuerKey({ name: "Riverside Community College" });
    other = await generateIssuerKey({ name: "Elsewhere Institute" });
    // Verified against the registry as it is in the database at the time, as the app does.
    const verify = createVerifier(() => NOW, {
      trustRegistry: async () =>
        createTrustRegistry(
          (await listTrustedIssuers(handle.db)).map((r) => ({ ...r, url: r.url ?? undefined, location: undefined })),
        ),
    });
    const person = { name: "Ada Example", email: "ada@example.com" };
    const badge = await issueOpenBadge(college, {
      subject: person,
      achievement: { name: "Welding Certificate", description: "Welds.", alignments: [] },
      validFrom: new Date("2029-01-01T00:00:00Z"),
    });
    const report = await verify(badge, { input: "paste", expectedHolder: { email: person.email } });
    const stored = await storeVerifiedCredential(
      { db: handle.db, now: () => NOW },
      { ...person, consent: true },
      { raw: JSON.stringify(badge), source: "paste" },
      report,
    );
    if (stored.status !== "stored") throw new Error("not stored");
    credentialId = stored.credentialId;
    candidateId = stored.candidateId;
  });
  afterAll(() => handle?.close());
  beforeEach(async () => {
    await handle.db.delete(searchOutbox);
    changes = 0;
  });

  async function storedCredential() {
    const [row] = await handle.db.select().from(credentials).where(eq(credentials.id, credentialId));
    return row;
  }
  const queued = async () => (await handle.db.select().from(searchOutbox)).map((r) => r.candidateId);

  it("a credential from an unlisted issuer is stored as not listed", async () => {
    const row = await storedCredential();
    expect(issuerCheck(row.report)).toMatchObject({ outcome: "indeterminate", code: "not-listed" });
    expect(row.issuerName).toBe("Riverside Community College");
    expect(row.verdict).toBe("verified");
  });

  it("adding the issuer re-evaluates the stored report, renames the issuer, queues the candidate and is audited", async () => {
    const result = await addTrustedIssuer(deps, admin, {
      issuerId: college.did,
      name: "Riverside CC (registry)",
      homepage: "https://riverside.example.edu",
    });
    expect(result).toEqual({ change: "added", reevaluated: { credentials: 1, candidates: 1 } });

    const row = await storedCredential();
    expect(issuerCheck(row.report)).toEqual({
      id: "issuer",
      outcome: "pass",
      code: "listed",
      message: "The issuer is Riverside CC (registry), as listed in the manual registry of trusted issuers.",
      evidence: {
        Issuer: college.did,
        "Listed as": "Riverside CC (registry)",
        Registry: "manual",
        Homepage: "https://riverside.example.edu",
      },
    });
    expect(row.report.summary).toMatchObject({ issuerName: "Riverside CC (registry)", issuerNameSource: "registry" });
    expect(row.issuerName).toBe("Riverside CC (registry)");
    // Only the registry-dependent parts changed: the verdict and the other checks are as they were.
    expect(row.verdict).toBe("verified");
    expect(row.report.checks.filter((c) => c.id !== "issuer").every((c) => c.outcome !== "fail")).toBe(true);
    expect(await queued()).toEqual([candidateId]);
    expect(changes).toBe(1);

    const [entry] = await getRegistryAdmin(handle.db);
    expect(entry).toMatchObject({ issuerId: college.did, registry: "manual", matches: 1, addedAt: NOW.toISOString() });
    const [audit] = await listAuditEvents(handle.db, { action: "registry.add" });
    expect(audit).toMatchObject({
      actor: "admin@example.com",
      actorId: "staff_1",
      fromAddress: "192.0.2.7",
      subjectType: "trusted-issuer",
      subjectId: college.did,
      detail: { change: "added", name: "Riverside CC (registry)", credentials: 1 },
    });
  });

  it("adding an issuer already listed updates its entry and the stored reports", async () => {
    const result = await addTrustedIssuer(deps, admin, {
      issuerId: college.did,
      name: "Riverside Community College District",
    });
    expect(result.change).toBe("updated");
    expect((await storedCredential()).issuerName).toBe("Riverside Community College District");
    const [audit] = await listAuditEvents(handle.db, { action: "registry.add" });
    expect(audit.detail).toMatchObject({ change: "updated", previous: { name: "Riverside CC (registry)" } });
    expect((await getRegistryAdmin(handle.db))[0].addedAt).toBe(NOW.toISOString());
  });

  it("adding an issuer no stored credential names changes no report and queues nobody", async () => {
    const result = await addTrustedIssuer(deps, admin, {
      issuerId: "https://badges.example.org/issuer",
      name: "Example Badges",
    });
    expect(result.reevaluated).toEqual({ credentials: 0, candidates: 0 });
    expect(await queued()).toEqual([]);
    await removeTrustedIssuer(deps, admin, "https://badges.example.org/issuer");
  });

  it("removing the issuer turns the check back to not listed, with the credential's own name for the issuer", async () => {
    const removed = await removeTrustedIssuer(deps, admin, college.did);
    expect(removed).toEqual({
      name: "Riverside Community College District",
      reevaluated: { credentials: 1, candidates: 1 },
    });
    const row = await storedCredential();
    expect(issuerCheck(row.report)).toMatchObject({
      outcome: "indeterminate",
      code: "not-listed",
      evidence: { Issuer: college.did },
    });
    expect(row.report.summary).toMatchObject({
      issuerName: "Riverside Community College",
      issuerNameSource: "credential",
    });
    expect(row.issuerName).toBe("Riverside Community College");
    expect(await queued()).toEqual([candidateId]);
    const [audit] = await listAuditEvents(handle.db, { action: "registry.remove" });
    expect(audit).toMatchObject({
      actor: "admin@example.com",
      subjectId: college.did,
      detail: { name: "Riverside Community College District", credentials: 1 },
    });
    expect(await getRegistryAdmin(handle.db)).toEqual([]);
  });

  it("removing an issuer that is not listed changes nothing and writes no audit entry", async () => {
    const before = (await listAuditEvents(handle.db, { action: "registry.remove" })).length;
    expect(await removeTrustedIssuer(deps, admin, "did:key:z6MkNotThere")).toBeNull();
    expect((await listAuditEvents(handle.db, { action: "registry.remove" })).length).toBe(before);
    expect(changes).toBe(0);
  });

  it("imports a DCC registry file: added, updated, unchanged and skipped entries, each with a reason", async () => {
    await handle.db.insert(trustedIssuers).values([
      { issuerId: other.did, name: "Elsewhere (old name)", registry: "manual" },
      { issuerId: "did:web:same.example", name: "Same Place", url: "https://same.example", registry: "dcc-sandbox" },
    ]);
    const file = {
      meta: { created: "2024-01-01" },
      registry: {
        [college.did]: {
          name: "Riverside Community College",
          url: "https://riverside.example.edu",
          location: "Riverside, CA",
        },
        [other.did]: { name: "Elsewhere Institute" },
        "did:web:same.example": { name: "Same Place", url: "https://same.example" },
        "did:web:nameless.example": { url: "https://nameless.example" },
        "http://insecure.example/issuer": { name: "Insecure" },
      },
    };
    const result = await importRegistryFile(deps, admin, { text: JSON.stringify(file), fileName: "dcc-sandbox.json" });
    if (result.status !== "imported") throw new Error(result.message);
    expect(result.added).toEqual([college.did]);
    expect(result.updated).toEqual([other.did]);
    expect(result.unchanged).toEqual(["did:web:same.example"]);
    expect(result.skipped).toEqual([
      { issuerId: "did:web:nameless.example", reason: "no-name" },
      { issuerId: "http://insecure.example/issuer", reason: "bad-id" },
    ]);
    expect(result.reevaluated).toEqual({ credentials: 1, candidates: 1 });
    expect(describeImport(result)).toBe(
      "1 added, 1 updated, 1 already up to date, 2 skipped because did:web:nameless.example has no name and " +
        "http://insecure.example/issuer is neither a DID nor an https URL, from the dcc-sandbox registry. 1 stored credential now shows the change.",
    );

    const row = await storedCredential();
    expect(issuerCheck(row.report).evidence).toEqual({
      Issuer: college.did,
      "Listed as": "Riverside Community College",
      Registry: "dcc-sandbox",
      Homepage: "https://riverside.example.edu",
    });
    expect(await queued()).toEqual([candidateId]);
    const [audit] = await listAuditEvents(handle.db, { action: "registry.import" });
    expect(audit).toMatchObject({
      actor: "admin@example.com",
      subjectType: "trusted-issuer",
      subjectId: null,
      detail: {
        registry: "dcc-sandbox",
        file: "dcc-sandbox.json",
        added: [college.did],
        updated: [other.did],
        unchanged: 1,
        credentials: 1,
      },
    });
  });

  it("names the one reason when a single entry is skipped, and takes the registry name given", async () => {
    const text = JSON.stringify({ registry: { "did:web:x.example": "junk" } });
    const result = await importRegistryFile(deps, admin, { text, fileName: "x.json", registryName: "Partner list" });
    if (result.status !== "imported") throw new Error(result.message);
    expect(describeImport(result)).toBe(
      "0 added, 0 updated, 1 skipped because did:web:x.example has an entry that is not an object, from the Partner list registry.",
    );
    const many = Object.fromEntries(
      ["a", "b", "c"].map((n) => [`did:web:${n}.example`, {}]).concat([["not-an-id", { name: "N" }]]),
    );
    const grouped = await importRegistryFile(deps, admin, {
      text: JSON.stringify({ registry: many }),
      fileName: "many.json",
    });
    if (grouped.status !== "imported") throw new Error(grouped.message);
    expect(describeImport(grouped)).toBe(
      "0 added, 0 updated, 4 skipped because 3 have no name and 1 is neither a DID nor an https URL, from the many registry.",
    );
    expect(changes).toBe(0);
  });

  it("refuses a file that is not JSON, or not a registry, in one sentence and changes nothing", async () => {
    const before = await listAuditEvents(handle.db, { action: "registry.import" });
    expect(await importRegistryFile(deps, admin, { text: "{ nope", fileName: "broken.json" })).toEqual({
      status: "refused",
      message: "broken.json is not JSON, so it cannot be a registry file.",
    });
    expect(
      await importRegistryFile(deps, admin, { text: JSON.stringify({ issuers: [] }), fileName: "list.json" }),
    ).toMatchObject({
      status: "refused",
      message: expect.stringMatching(/not a Digital Credentials Consortium registry/),
    });
    expect(await listAuditEvents(handle.db, { action: "registry.import" })).toHaveLength(before.length);
  });
});

describe("the add form", () => {
  const parse = (form: Record<string, string>) => trustedIssuerSchema.safeParse(form);
  const error = (form: Record<string, string>) => {
    const result = parse(form);
    return result.success ? null : result.error.issues[0]?.message;
  };

  it("accepts a DID or an https URL, a name, and an optional homepage", () => {
    expect(parse({ issuerId: " did:key:z6MkAbc ", name: " Example ", homepage: "" })).toEqual({
      success: true,
      data: { issuerId: "did:key:z6MkAbc", name: "Example", homepage: undefined },
    });
    expect(
      parse({ issuerId: "did:web:example.com:issuers:42", name: "Example", homepage: "https://example.com" }).success,
    ).toBe(true);
    expect(parse({ issuerId: "https://example.org/issuers/1", name: "Example" }).success).toBe(true);
  });

  it("says what to fix in one sentence", () => {
    expect(error({ issuerId: "", name: "Example" })).toBe("Enter the issuer's DID or https URL.");
    for (const bad of [
      "example.org",
      "http://example.org/issuer",
      "did:key",
      "did:key:z6Mk#key-1",
      "https://user:pw@example.org/",
    ]) {
      expect(error({ issuerId: bad, name: "Example" })).toMatch(/must be a DID .* or an https:\/\/ URL/);
    }
    expect(error({ issuerId: "did:key:z6MkAbc", name: "  " })).toBe("Enter the name to show for this issuer.");
    expect(error({ issuerId: "did:key:z6MkAbc", name: "x".repeat(201) })).toBe(
      "Keep the display name under 200 characters.",
    );
    expect(error({ issuerId: "did:key:z6MkAbc", name: "Example", homepage: "example.com" })).toMatch(
      /homepage must be a full web address/,
    );
  });
});

describe("reevaluateIssuer", () => {
  const listed = createTrustRegistry([
    { issuerId: "did:example:member", name: "Member Issuer (registry)", registry: "manual" },
  ]);
  const member: VerificationReport = {
    input: "clr › credential 1",
    verdict: "verified",
    checks: [{ id: "issuer", outcome: "indeterminate", code: "not-listed", message: "…" }],
    credentials: [],
    skills: [],
    summary: {
      types: ["VerifiableCredential"],
      format: "obv3",
      issuerId: "did:example:member",
      issuerName: "Member Issuer",
      issuerNameSource: "credential",
    },
    checkedAt: NOW.toISOString(),
  };
  const clr: VerificationReport = {
    ...member,
    input: "clr",
    checks: [{ id: "issuer", outcome: "indeterminate", code: "not-listed", message: "…" }],
    credentials: [member],
    summary: {
      types: ["ClrCredential"],
      format: "clr",
      issuerId: "did:example:clr",
      issuerName: "CLR Issuer",
      issuerNameSource: "credential",
    },
  };
  const document = {
    issuer: { id: "did:example:clr", name: "CLR Issuer" },
    credentialSubject: {
      verifiableCredential: [
        { type: ["VerifiableCredential"], issuer: { id: "did:example:member", name: "Member Issuer" } },
      ],
    },
  };

  it("re-evaluates a CLR member issued by an affected issuer, and leaves the CLR's own issuer alone", () => {
    const updated = reevaluateIssuer(clr, document, listed, new Set(["did:example:member"]));
    expect(updated.credentials[0].checks[0]).toMatchObject({ outcome: "pass", code: "listed" });
    expect(updated.credentials[0].summary).toMatchObject({
      issuerName: "Member Issuer (registry)",
      issuerNameSource: "registry",
    });
    expect(updated.checks).toEqual(clr.checks);
    expect(updated.summary).toEqual(clr.summary);
  });

  it("gives a member its own issuer name back when its registry entry is removed", () => {
    const listedReport = reevaluateIssuer(clr, document, listed, new Set(["did:example:member"]));
    const back = reevaluateIssuer(
      listedReport,
      JSON.stringify(document),
      createTrustRegistry([]),
      new Set(["did:example:member"]),
    );
    expect(back.credentials[0].summary).toMatchObject({ issuerName: "Member Issuer", issuerNameSource: "credential" });
    expect(back.credentials[0].checks[0]).toMatchObject({ code: "not-listed" });
  });

  it("never touches an issuer check that was not made against a registry (a document that failed its format check)", () => {
    const failed: VerificationReport = {
      ...member,
      checks: [{ id: "issuer", outcome: "not-applicable", code: "not-checked", message: "…" }],
    };
    expect(reevaluateIssuer(failed, {}, listed, new Set(["did:example:member"]))).toEqual(failed);
  });
});
