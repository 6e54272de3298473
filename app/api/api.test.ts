import { readFileSync } from "node:fs";
import type { ActionFunctionArgs, AppLoadContext } from "@remix-run/node";
import type { DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import { createApiKey } from "#app/auth/api-keys.server";
import { listApiKeys, revokeApiKey } from "#db/queries/api-keys.server";
import type { Services } from "#app/services.server";
import { createVerifier } from "#app/verification/verifier.server";
import { readJsonBody } from "./read-json.server";
import { submissionsAction } from "./submissions.server";
import { verifyAction } from "./verify-request.server";

const fixture = (name: string) => JSON.parse(readFileSync(`app/verification/fixtures/outcomes/${name}`, "utf8"));
const now = () => new Date();

/** Runs a route action the way Remix does: a Request in, a Response out (thrown or returned). */
async function call(
  action: (args: ActionFunctionArgs) => Promise<Response>,
  services: Partial<Services>,
  init: RequestInit & { key?: string },
) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set("authorization", `Bearer ${init.key}`);
  headers.set("content-type", "application/json");
  const request = new Request("http://attest.test/api", { method: "POST", body: init.body, headers });
  try {
    return await action({ request, params: {}, context: { services } as unknown as AppLoadContext });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe.each(testDatabaseKinds())("the HTTP API on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Partial<Services>;
  let key: string;
  beforeAll(async () => {
    handle = await kind.open();
    services = {
      db: handle.db,
      verify: createVerifier(now),
      now,
      log: () => {},
      indexer: { nudge: () => {}, flush: async () => ({ indexed: 0, removed: 0, failed: 0 }), stop: async () => {} },
    };
    key = (await createApiKey(handle.db, "ATS")).secret;
  });
  afterAll(() => handle?.close());

  const verifyCredential = (args: ActionFunctionArgs) => verifyAction(args, "credential");
  const verifyPresentation = (args: ActionFunctionArgs) => verifyAction(args, "presentation");

  it("verifies a credential in the VC-API shape, with Attest's whole report", async () => {
    const response = await call(verifyCredential, services, {
      key,
      body: JSON.stringify({ verifiableCredential: fixture("valid-eddsa-jcs-2022.json") }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ verified: true, errors: [], report: { verdict: "verified" } });
    expect(body.checks).toContain("proof");
  });

  it("answers 400 with the failed checks as sentences for a tampered credential", async () => {
    const response = await call(verifyCredential, services, {
      key,
      body: JSON.stringify({ verifiableCredential: fixture("tampered-achievement-name.json") }),
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.verified).toBe(false);
    expect(body.errors.join(" ")).toMatch(/^proof: .*signature/i);
  });

  it("checks a presentation's challenge from options", async () => {
    const presentation = fixture("vp-valid.json");
    const good = await call(verifyPresentation, services, {
      key,
      body: JSON.stringify({
        verifiablePresentation: presentation,
        options: { challenge: presentation.proof.challenge, domain: presentation.proof.domain },
      }),
    });
    expect((await good.json()).report.verdict).toBe("verified");
    const replayed = await call(verifyPresentation, services, {
      key,
      body: JSON.stringify({ verifiablePresentation: presentation, options: { challenge: "another-challenge" } }),
    });
    expect(replayed.status).toBe(400);
    expect((await replayed.json()).report.verdict).toBe("failed");
  });

  it.each([
    ["no key", undefined, 401],
    ["an unknown key", "attest_not-a-real-key", 401],
    ["a key of another shape", "secret", 401],
  ])("refuses %s with 401", async (_name, badKey, status) => {
    const response = await call(verifyCredential, services, { key: badKey, body: "{}" });
    expect(response.status).toBe(status);
    expect((await response.json()).message).toMatch(/API key/);
  });

  it("refuses a revoked key", async () => {
    const created = await createApiKey(handle.db, "old");
    await revokeApiKey(handle.db, created.id, new Date());
    const response = await call(verifyCredential, services, { key: created.secret, body: "{}" });
    expect(response.status).toBe(401);
  });

  it("lets a key do only what its scopes say: 403 with a sentence otherwise, and records when it was last used", async () => {
    const verifyOnly = await createApiKey(handle.db, "verifier script", { scopes: ["verify"] });
    const submitOnly = await createApiKey(handle.db, "ATS intake", { scopes: ["submit"] });
    const submission = JSON.stringify({
      candidate: { name: "Ada", email: "ada@example.com", consent: true },
      items: [{ text: "{}" }],
    });
    const refusedSubmit = await call(submissionsAction, services, { key: verifyOnly.secret, body: submission });
    expect(refusedSubmit.status).toBe(403);
    expect((await refusedSubmit.json()).message).toMatch(
      /may verify credentials and presentations, not submit credentials for candidates.*"submit" scope/,
    );
    const refusedVerify = await call(verifyCredential, services, {
      key: submitOnly.secret,
      body: JSON.stringify({ verifiableCredential: fixture("valid-eddsa-jcs-2022.json") }),
    });
    expect(refusedVerify.status).toBe(403);
    const allowed = await call(verifyCredential, services, {
      key: verifyOnly.secret,
      body: JSON.stringify({ verifiableCredential: fixture("valid-eddsa-jcs-2022.json") }),
    });
    expect(allowed.status).toBe(200);
    const listed = await listApiKeys(handle.db);
    expect(listed.find((k) => k.id === verifyOnly.id)?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("refuses an expired key like a revoked one", async () => {
    const expired = await createApiKey(handle.db, "last year's", { expiresAt: new Date(Date.now() - 1000) });
    const response = await call(verifyCredential, services, { key: expired.secret, body: "{}" });
    expect(response.status).toBe(401);
    expect((await response.json()).message).toMatch(/revoked, it expired, or it never existed/);
    const later = await createApiKey(handle.db, "next year's", { expiresAt: new Date(Date.now() + 86_400_000) });
    expect((await call(verifyCredential, services, { key: later.secret, body: "{}" })).status).toBe(400);
  });

  it.each([
    ["malformed JSON", "{ nope", 400, /not valid JSON/],
    ["a body without the credential", JSON.stringify({ credential: {} }), 400, /verifiableCredential/],
    ["an array", "[]", 400, /JSON object/],
  ])("answers %s with a clear 400", async (_name, body, status, message) => {
    const response = await call(verifyCredential, services, { key, body });
    expect(response.status).toBe(status);
    expect((await response.json()).message).toMatch(message);
  });

  it("submits items for a candidate with one result per document, keeping the good ones", async () => {
    const response = await call(submissionsAction, services, {
      key,
      body: JSON.stringify({
        candidate: { name: "Api Person", email: "api@example.com" },
        consent: true,
        items: [
          { text: JSON.stringify(fixture("valid-eddsa-jcs-2022.json")), name: "badge.json" },
          { text: "garbage" },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const { results } = await response.json();
    expect(results.map((r: { outcome: string }) => r.outcome)).toEqual(["imported", "refused"]);
    expect(results[0].source).toBe("badge.json");
  });

  it("refuses a submission without consent, naming the field", async () => {
    const response = await call(submissionsAction, services, {
      key,
      body: JSON.stringify({ candidate: { name: "No Consent", email: "nc@example.com" }, items: [{ text: "{}" }] }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(/consent/);
  });
});

describe("readJsonBody", () => {
  it("cuts off a body over the limit while streaming, with 413", async () => {
    const body = new ReadableStream({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode("x".repeat(64 * 1024)));
      },
    });
    const request = new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit);
    const error = await readJsonBody(request, 200_000).catch((thrown) => thrown);
    expect(error).toBeInstanceOf(Response);
    expect((error as Response).status).toBe(413);
  });

  it("refuses a declared length over the limit without reading", async () => {
    const request = new Request("http://x/", { method: "POST", body: "{}", headers: { "content-length": "5000000" } });
    const error = await readJsonBody(request).catch((thrown) => thrown);
    expect((error as Response).status).toBe(413);
  });
});
