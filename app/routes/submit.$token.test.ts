/** The public submission form's action as Remix runs it, for bodies the multipart parser cannot read. */
import type { DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import type { Services } from "#app/services.server";
import { ORIGIN, run, testServices } from "#app/auth/test-helpers";
import { createInvitation } from "#app/ingest/public-submission.server";
import * as submitRoute from "./submit.$token";

describe.each(testDatabaseKinds())("/submit/$token on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  beforeAll(async () => {
    handle = await kind.open();
    services = await testServices(handle);
  });
  afterAll(() => handle?.close());

  it("answers 400 with a sentence, not a 500, when a file name breaks the multipart parser (found by the malformed stress scenario)", async () => {
    const { token, path } = await createInvitation(services.db, "Test");
    const form = new FormData();
    form.set("name", "Ada");
    form.set("email", "ada@example.test");
    form.set("consent", "on");
    form.set("file", new Blob(["{}"]), "clr-valid.json: credentialSubject.verifiableCredential.0.proof = true");
    const response = await run(
      submitRoute.action,
      new Request(new URL(path, ORIGIN), { method: "POST", body: form }),
      services,
      { token },
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { fieldErrors: { credential: string } }).fieldErrors.credential).toMatch(
      /could not be read/,
    );
  });

  it("refuses a form of 51 files, or more fields than it has, with 400 and a sentence, storing nothing", async () => {
    const { token, path } = await createInvitation(services.db, "Test");
    const send = async (fill: (form: FormData) => void) => {
      const form = new FormData();
      form.set("name", "Ada");
      form.set("email", "ada-many@example.test");
      form.set("consent", "on");
      fill(form);
      const response = await run(
        submitRoute.action,
        new Request(new URL(path, ORIGIN), { method: "POST", body: form }),
        services,
        { token },
      );
      return {
        status: response.status,
        message: ((await response.json()) as { fieldErrors: { credential: string } }).fieldErrors.credential,
      };
    };
    const files = await send((form) => {
      for (let i = 0; i < 51; i++) form.append("file", new Blob(["{}"]), `credential-${i}.json`);
    });
    expect(files).toEqual({ status: 400, message: expect.stringMatching(/51 files; at most 50/) });
    const fields = await send((form) => {
      for (let i = 0; i < 100; i++) form.append(`extra${i}`, "x");
    });
    expect(fields).toEqual({ status: 400, message: expect.stringMatching(/more than it has/) });
  });

  it("answers 503 with a sentence asking to try again, the form kept, when the database goes away during the submission", async () => {
    const { path } = await createInvitation(services.db, "Test");
    // The verifier reads the trust registry from the database: during an outage that read fails like this.
    const terminated = Object.assign(new Error("Failed query: select 1"), {
      query: "select 1",
      cause: Object.assign(new Error("terminating connection due to administrator command"), {
        code: "57P01",
        severity: "FATAL",
      }),
    });
    const unavailable: Services = { ...services, verify: async () => Promise.reject(terminated) };
    const form = new FormData();
    form.set("name", "Ada");
    form.set("email", "ada@example.test");
    form.set("consent", "on");
    form.set(
      "credential",
      JSON.stringify({ "@context": ["https://www.w3.org/ns/credentials/v2"], type: ["VerifiableCredential"] }),
    );
    const response = await run(
      submitRoute.action,
      new Request(new URL(path, ORIGIN), { method: "POST", body: form }),
      unavailable,
      {
        token: path.split("/").pop()!,
      },
    );
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("60");
    expect(((await response.json()) as { unavailable: string }).unavailable).toMatch(
      /database is unavailable right now.*try again in a minute/,
    );
  });
});
