/**
 * OpenID4VP with DCQL, through the real wallet-facing route handlers, answered by a scripted wallet built on the
 * libraries' holder side (./scripted-wallet.ts): the answer that is accepted, and each answer that must be refused
 * with a sentence and an OpenID4VP error code.
 */
import { eq } from "drizzle-orm";
import type { ActionFunctionArgs } from "@remix-run/node";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { digest, ES256, generateSalt } from "@sd-jwt/crypto-nodejs";
import type { DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import { candidates, credentials, presentationRequests } from "#db/schema/index";
import { ORIGIN, run, testClock, testServices } from "#app/auth/test-helpers";
import type { Services } from "#app/services.server";
import { generateIssuerKey, issueOpenBadge, signPresentation } from "#app/demo/issuer.server";
import * as requestRoute from "#app/routes/openid4vp.requests.$requestId";
import * as responseRoute from "#app/routes/openid4vp.responses.$requestId";
import { createPresentationRequest, didJwkOf, getPresentationRequest, stateOf } from "./openid4vp.server";
import {
  matchingQueryIds,
  presentSdJwtVc,
  resolveRequest,
  sdJwtVcForDcql,
  submitAnswer,
  type Fetch,
  type KeyPair,
} from "./scripted-wallet";
import { walletDeps } from "./wallet-http.server";
import type { TemplateInput } from "./dcql-templates";

const VCT = "https://credentials.example.edu/course-completion";
const didJwk = (key: JsonWebKey) => didJwkOf(key as Record<string, unknown>);

describe.each(testDatabaseKinds())("OpenID4VP requests on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  const clock = testClock(new Date());
  let issuerKeys: KeyPair;
  let holderKeys: KeyPair;
  let otherKeys: KeyPair;

  beforeAll(async () => {
    handle = await kind.open();
    services = await testServices(handle, clock.now);
    [issuerKeys, holderKeys, otherKeys] = await Promise.all([
      ES256.generateKeyPair(),
      ES256.generateKeyPair(),
      ES256.generateKeyPair(),
    ]);
  });
  afterAll(() => handle?.close());

  /** The wallet's HTTP client: every request goes to the route modules in this process. */
  const inProcess: Fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const { pathname } = new URL(request.url);
    const [, , kind, requestId = ""] = pathname.split("/");
    const module = kind === "requests" ? requestRoute : kind === "responses" ? responseRoute : null;
    if (!module) return new Response("not found", { status: 404 });
    const handler = (request.method === "GET" ? module.loader : module.action) as (args: ActionFunctionArgs) => unknown;
    return run(handler, request, services, { requestId });
  };

  async function issueSdJwtVc(options: { vct?: string; holder?: KeyPair } = {}) {
    const issuerDid = didJwk(issuerKeys.publicKey);
    const instance = new SDJwtVcInstance({
      signer: await ES256.getSigner(issuerKeys.privateKey),
      signAlg: "ES256",
      hasher: digest,
      hashAlg: "sha-256",
      saltGenerator: generateSalt,
    });
    const holder = (options.holder ?? holderKeys).publicKey;
    return instance.issue(
      {
        iss: issuerDid,
        vct: options.vct ?? VCT,
        iat: Math.floor(clock.now().getTime() / 1000) - 86_400,
        name: "Data Analysis with Python",
        skills: [{ name: "Python" }, "SQL"],
        cnf: { jwk: { kty: holder.kty, crv: holder.crv, x: holder.x, y: holder.y } },
      } as never,
      { _sd: ["name", "skills"] } as never,
      { header: { typ: "dc+sd-jwt", kid: `${issuerDid}#0` } },
    );
  }

  async function newRequest(
    template: TemplateInput = { kind: "sd-jwt-vct", vct: VCT },
    email = `wanda-${Math.random().toString(36).slice(2)}@example.com`,
  ) {
    return createPresentationRequest(walletDeps(services), { template, candidate: { name: "Wanda Holder", email } });
  }

  /** Resolve the link as a wallet, present the SD-JWT VC over the request's nonce and audience, and answer. */
  async function answerWithSdJwt(
    link: string,
    change: {
      nonce?: string;
      aud?: string;
      kbKeys?: KeyPair;
      credential?: string;
      key?: string;
      encrypt?: boolean;
    } = {},
  ) {
    const resolved = await resolveRequest(link, inProcess, { encrypt: change.encrypt });
    const credential = change.credential ?? (await issueSdJwtVc());
    const [queryId] = matchingQueryIds(resolved, [sdJwtVcForDcql(VCT, {})]);
    const presentation = await presentSdJwtVc(credential, change.kbKeys ?? holderKeys, {
      nonce: change.nonce ?? resolved.authorizationRequestPayload.nonce,
      aud: change.aud ?? resolved.client.effective,
      iat: Math.floor(clock.now().getTime() / 1000),
    });
    const response = await submitAnswer(resolved, { [change.key ?? (queryId as string)]: [presentation] }, inProcess);
    return { response, body: (await response.json()) as Record<string, string>, resolved, presentation };
  }

  async function expectRefused(result: { response: Response; body: Record<string, string> }, sentence: RegExp) {
    expect(result.response.status).toBe(400);
    expect(result.body.error).toBe("invalid_request");
    expect(result.body.error_description).toMatch(sentence);
    expect(result.body.error_description).toMatch(/\.$/);
  }

  it("a wallet reads the link, fetches the signed request object, answers, and the credential lands on a candidate with the holder proven", async () => {
    const created = await newRequest(undefined, "wanda@example.com");
    expect(created.walletLink).toMatch(/^openid4vp:\/\/\?client_id=x509_san_dns%3Aattest\.test&request_uri=/);
    const { response, resolved } = await answerWithSdJwt(created.walletLink);
    expect(response.status).toBe(200);
    // The library's holder side accepted the request object: signed by the certificate that names attest.test.
    expect(resolved.client).toMatchObject({ prefix: "x509_san_dns", identifier: "attest.test" });
    expect(resolved.authorizationRequestPayload).toMatchObject({
      response_mode: "direct_post",
      response_uri: `${ORIGIN}/openid4vp/responses/${created.id}`,
    });

    const row = await getPresentationRequest(handle.db, created.id);
    expect(stateOf(row!, clock.now())).toBe("verified");
    const [stored] = await handle.db.select().from(credentials).where(eq(credentials.candidateId, row!.candidateId!));
    expect(stored!.holderBinding).toMatchObject({ email: "wanda@example.com", did: didJwk(holderKeys.publicKey) });
    expect(stored!.report.verdict).toBe("verified");
    expect(stored!.report.checks.find((c) => c.id === "holder")).toMatchObject({
      outcome: "pass",
      code: "holder-match",
    });
    const [person] = await handle.db.select().from(candidates).where(eq(candidates.id, row!.candidateId!));
    // The wallet proved a key, not the address staff typed: the record waits for the mailed confirmation (decision 011).
    expect(person).toMatchObject({ email: "wanda@example.com", identity: "pending" });
  });

  it("encrypts the answer (direct_post.jwt) when the wallet says it can, and then refuses an unencrypted one", async () => {
    const encrypted = await newRequest();
    const answer = await answerWithSdJwt(encrypted.walletLink, { encrypt: true });
    expect(answer.resolved.authorizationRequestPayload.response_mode).toBe("direct_post.jwt");
    expect(answer.response.status).toBe(200);
    expect((await getPresentationRequest(handle.db, encrypted.id))!.outcome).toBe("verified");

    const second = await newRequest();
    const resolved = await resolveRequest(second.walletLink, inProcess, { encrypt: true });
    const presentation = await presentSdJwtVc(await issueSdJwtVc(), holderKeys, {
      nonce: resolved.authorizationRequestPayload.nonce,
      aud: resolved.client.effective,
    });
    const plain = await responseRoute.action({
      request: new Request(`${ORIGIN}/openid4vp/responses/${second.id}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ vp_token: JSON.stringify({ sd_jwt_vc: [presentation] }), state: second.id }),
      }),
      params: { requestId: second.id },
      context: { services },
    } as unknown as ActionFunctionArgs);
    expect(plain.status).toBe(400);
    expect(((await plain.json()) as { error_description: string }).error_description).toMatch(/encrypted/);
    // Not an answer, so the request is still open for the real one.
    expect((await getPresentationRequest(handle.db, second.id))!.answeredAt).toBeNull();
  });

  it("accepts an Open Badge in a W3C presentation whose proof is made over the nonce and for Attest (any Open Badge)", async () => {
    const created = await newRequest({ kind: "any-open-badge" });
    const resolved = await resolveRequest(created.walletLink, inProcess);
    const issuer = await generateIssuerKey({ name: "Wallet Test College" });
    const holder = await generateIssuerKey({ name: "Holder" });
    const badge = await issueOpenBadge(issuer, {
      subject: { name: "Wanda", email: "wanda-ob@example.com", did: holder.did },
      achievement: { name: "Beekeeping", description: "Keeps bees.", alignments: [] },
      validFrom: new Date(clock.now().getTime() - 86_400_000),
    });
    const ids = matchingQueryIds(resolved, [
      {
        credential_format: "ldp_vc",
        type: [
          "https://www.w3.org/2018/credentials#VerifiableCredential",
          "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential",
        ],
        claims: badge as never,
        cryptographic_holder_binding: true,
      },
    ] as never);
    expect(ids).toEqual(["open_badge_ldp_vc"]);
    const vp = await signPresentation(
      holder,
      {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        type: ["VerifiablePresentation"],
        holder: holder.did,
        verifiableCredential: [badge],
      },
      { challenge: resolved.authorizationRequestPayload.nonce, domain: resolved.client.effective },
    );
    const response = await submitAnswer(resolved, { open_badge_ldp_vc: [vp] }, inProcess);
    expect(response.status).toBe(200);
    const row = await getPresentationRequest(handle.db, created.id);
    expect(row!.outcome).toBe("verified");
    const [stored] = await handle.db.select().from(credentials).where(eq(credentials.candidateId, row!.candidateId!));
    expect(stored!.holderBinding).toMatchObject({ did: holder.did });
  });

  it("a credential of type T from issuer I: a badge from I is accepted, one from another issuer is not what was asked for", async () => {
    const college = await generateIssuerKey({ name: "The College Asked For" });
    const other = await generateIssuerKey({ name: "Another College" });
    const holder = await generateIssuerKey({ name: "Holder" });
    const answerWith = async (issuer: typeof college) => {
      const created = await newRequest({ kind: "type-from-issuer", type: "OpenBadgeCredential", issuer: college.did });
      const resolved = await resolveRequest(created.walletLink, inProcess);
      const badge = await issueOpenBadge(issuer, {
        subject: { name: "W", email: "w@example.com", did: holder.did },
        achievement: { name: "Bees", description: "Bees.", alignments: [] },
        validFrom: new Date(clock.now().getTime() - 86_400_000),
      });
      const vp = await signPresentation(
        holder,
        {
          "@context": ["https://www.w3.org/ns/credentials/v2"],
          type: ["VerifiablePresentation"],
          holder: holder.did,
          verifiableCredential: [badge],
        },
        { challenge: resolved.authorizationRequestPayload.nonce, domain: resolved.client.effective },
      );
      const response = await submitAnswer(resolved, { credential_ldp_vc: [vp] }, inProcess);
      return { response, body: (await response.json()) as Record<string, string> };
    };
    expect((await answerWith(college)).response.status).toBe(200);
    await expectRefused(await answerWith(other), /did not ask for/);
  });

  it("refuses a W3C presentation signed over another nonce", async () => {
    const created = await newRequest({ kind: "any-open-badge" });
    const resolved = await resolveRequest(created.walletLink, inProcess);
    const issuer = await generateIssuerKey({ name: "Wallet Test College" });
    const holder = await generateIssuerKey({ name: "Holder" });
    const badge = await issueOpenBadge(issuer, {
      subject: { name: "W", email: "w@example.com", did: holder.did },
      achievement: { name: "Bees", description: "Bees.", alignments: [] },
      validFrom: new Date(clock.now().getTime() - 86_400_000),
    });
    const vp = await signPresentation(
      holder,
      {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        type: ["VerifiablePresentation"],
        holder: holder.did,
        verifiableCredential: [badge],
      },
      { challenge: "another-nonce", domain: resolved.client.effective },
    );
    const response = await submitAnswer(resolved, { open_badge_ldp_vc: [vp] }, inProcess);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error_description: string }).error_description).toMatch(/challenge|nonce/i);
  });

  it("refuses a key-binding JWT over the wrong nonce, and staff see the same sentence", async () => {
    const created = await newRequest();
    const result = await answerWithSdJwt(created.walletLink, { nonce: "a-nonce-from-another-request" });
    await expectRefused(result, /nonce is not the one Attest issued/);
    const row = await getPresentationRequest(handle.db, created.id);
    expect(stateOf(row!, clock.now())).toBe("refused");
    expect(row!.refusal).toBe(result.body.error_description);
    expect(
      await handle.db
        .select()
        .from(credentials)
        .where(eq(credentials.source, "wallet, OpenID4VP (item 1)"))
        .then((rows) => rows.filter((r) => r.candidateId === row!.candidateId)),
    ).toEqual([]);
  });

  it("refuses a replayed answer: a request accepts one", async () => {
    const created = await newRequest();
    const first = await answerWithSdJwt(created.walletLink);
    expect(first.response.status).toBe(200);
    const replay = await submitAnswer(first.resolved, { sd_jwt_vc: [first.presentation] }, inProcess);
    await expectRefused(
      { response: replay, body: (await replay.json()) as Record<string, string> },
      /already been answered/,
    );
    expect((await getPresentationRequest(handle.db, created.id))!.outcome).toBe("verified");
  });

  it("refuses an answer to an expired request, and a wallet can no longer fetch it", async () => {
    const created = await newRequest();
    const resolved = await resolveRequest(created.walletLink, inProcess);
    const presentation = await presentSdJwtVc(await issueSdJwtVc(), holderKeys, {
      nonce: resolved.authorizationRequestPayload.nonce,
      aud: resolved.client.effective,
      iat: Math.floor(clock.now().getTime() / 1000),
    });
    clock.advance(16 * 60_000);
    const response = await submitAnswer(resolved, { sd_jwt_vc: [presentation] }, inProcess);
    await expectRefused({ response, body: (await response.json()) as Record<string, string> }, /expired/);
    await expect(resolveRequest(created.walletLink, inProcess)).rejects.toThrow(/410/);
    expect(stateOf((await getPresentationRequest(handle.db, created.id))!, clock.now())).toBe("expired");
  });

  it("refuses a key-binding JWT made for another verifier (the wrong audience)", async () => {
    const created = await newRequest();
    await expectRefused(
      await answerWithSdJwt(created.walletLink, { aud: "x509_san_dns:verifier.example" }),
      /made for another verifier/,
    );
  });

  it("refuses a tampered disclosure", async () => {
    const created = await newRequest();
    const resolved = await resolveRequest(created.walletLink, inProcess);
    const presentation = await presentSdJwtVc(await issueSdJwtVc(), holderKeys, {
      nonce: resolved.authorizationRequestPayload.nonce,
      aud: resolved.client.effective,
      iat: Math.floor(clock.now().getTime() / 1000),
    });
    const parts = presentation.split("~");
    const index = parts.findIndex(
      (part, i) => i > 0 && Buffer.from(part, "base64url").toString().includes("Data Analysis"),
    );
    const [salt] = JSON.parse(Buffer.from(parts[index]!, "base64url").toString()) as [string];
    parts[index] = Buffer.from(JSON.stringify([salt, "name", "Brain Surgery"])).toString("base64url");
    const response = await submitAnswer(resolved, { sd_jwt_vc: [parts.join("~")] }, inProcess);
    await expectRefused(
      { response, body: (await response.json()) as Record<string, string> },
      /not covered by the issuer's signature/,
    );
  });

  it("refuses a key-binding JWT signed by another key than the one the credential is bound to", async () => {
    const created = await newRequest();
    await expectRefused(
      await answerWithSdJwt(created.walletLink, { kbKeys: otherKeys }),
      /not signed with the key the credential is bound to/,
    );
  });

  it("refuses a credential the query did not ask for: under a key it does not have, or of another type", async () => {
    const unknownKey = await newRequest();
    await expectRefused(await answerWithSdJwt(unknownKey.walletLink, { key: "passport" }), /did not ask for/);

    const otherType = await newRequest();
    const passport = await issueSdJwtVc({ vct: "https://example.gov/passport" });
    await expectRefused(
      await answerWithSdJwt(otherType.walletLink, { credential: passport, key: "sd_jwt_vc" }),
      /did not ask for/,
    );
    expect((await getPresentationRequest(handle.db, otherType.id))!.candidateId).toBeNull();
  });

  it("treats every body as hostile: wrong type, too large, a field twice, garbage — with a sentence, and the request stays open", async () => {
    const created = await newRequest();
    await resolveRequest(created.walletLink, inProcess);
    const post = (body: string, type = "application/x-www-form-urlencoded") =>
      inProcess(`${ORIGIN}/openid4vp/responses/${created.id}`, {
        method: "POST",
        headers: { "content-type": type },
        body,
      });
    const cases: Array<[Response, number, RegExp]> = [
      [await post("{}", "application/json"), 400, /x-www-form-urlencoded/],
      [await post(`vp_token=${"a".repeat(1_100_000)}`), 413, /larger than/],
      [await post("vp_token=%7B%7D&vp_token=%7B%7D"), 400, /sent twice/],
      [await post("vp_token=not-json&state=x"), 400, /not an OpenID4VP response/],
      [await post("vp_token=eyJhbGciOiJub25lIn0.e30.&state=" + created.id), 400, /not an OpenID4VP response/],
    ];
    for (const [response, status, sentence] of cases) {
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: string; error_description: string };
      expect(body.error).toBe("invalid_request");
      expect(body.error_description).toMatch(sentence);
    }
    expect((await getPresentationRequest(handle.db, created.id))!.answeredAt).toBeNull();

    const unknown = await inProcess(`${ORIGIN}/openid4vp/requests/vpr_nope`, { method: "GET" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: "invalid_request_uri" });
    const badMetadata = await inProcess(`${ORIGIN}/openid4vp/requests/${created.id}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "wallet_metadata=%5Bnot",
    });
    expect(badMetadata.status).toBe(400);
    expect(await badMetadata.json()).toMatchObject({
      error: "invalid_request",
      error_description: expect.stringMatching(/not a JSON object/),
    });
    const rows = await handle.db.select().from(presentationRequests).where(eq(presentationRequests.id, created.id));
    expect(rows[0]!.outcome).toBeNull();
  });
});
