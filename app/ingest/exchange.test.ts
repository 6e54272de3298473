import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { candidates, credentials } from "#db/schema/index";
import { submitItems } from "./submit.server";
import { testDatabaseKinds } from "#db/test-databases";
import { generateIssuerKey, issueOpenBadge, signPresentation } from "#app/demo/issuer.server";
import { createVerifier } from "#app/verification/verifier.server";
import { continueExchange, createExchange } from "./exchange.server";

const origin = "https://attest.example";

describe.each(testDatabaseKinds())("wallet requests (VC-API exchange) on $name", (kind) => {
  let handle: DatabaseHandle;
  const now = () => new Date();
  const deps = () => ({ db: handle.db, verify: createVerifier(now), now, publicUrl: "http://attest.test" });
  beforeAll(async () => {
    handle = await kind.open();
  });
  afterAll(() => handle?.close());

  async function walletWithBadge() {
    const issuer = await generateIssuerKey({ name: "Wallet Test College" });
    const holder = await generateIssuerKey({ name: "Holder" });
    const badge = await issueOpenBadge(issuer, {
      subject: { name: "Wanda", email: "wanda@example.com", did: holder.did },
      achievement: { name: "Beekeeping", description: "Keeps bees.", alignments: [] },
      validFrom: new Date(Date.now() - 86_400_000),
    });
    return { holder, badge };
  }

  it("asks with a challenge, then stores each credential of a presentation signed over it, holder bound by DID", async () => {
    const created = await createExchange(handle.db, { name: "Wanda", email: "wanda@example.com" }, origin, now());
    const request = JSON.parse(decodeURIComponent(new URL(created.walletLink).searchParams.get("request")!));
    expect(request).toEqual({
      credentialRequestOrigin: origin,
      protocols: { vcapi: `${origin}/exchanges/${created.id}` },
    });

    const first = await continueExchange(deps(), created.id, {}, origin);
    expect(first.status).toBe(200);
    const vpr = (first.body as { verifiablePresentationRequest: { challenge: string; domain: string } })
      .verifiablePresentationRequest;
    expect(vpr.domain).toBe("attest.example");

    const { holder, badge } = await walletWithBadge();
    const vp = await signPresentation(
      holder,
      {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        type: ["VerifiablePresentation"],
        holder: holder.did,
        verifiableCredential: [badge],
      },
      { challenge: vpr.challenge, domain: vpr.domain },
    );
    const answer = await continueExchange(deps(), created.id, { verifiablePresentation: vp }, origin);
    expect(answer).toMatchObject({
      status: 200,
      body: { results: [expect.objectContaining({ outcome: "imported" })] },
    });
    const [stored] = await handle.db.select().from(credentials).where(eq(credentials.source, "wallet (item 1 of 1)"));
    expect(stored.report.checks.find((c) => c.id === "holder")).toMatchObject({ outcome: "pass" });

    const again = await continueExchange(deps(), created.id, { verifiablePresentation: vp }, origin);
    expect(again.status).toBe(410);
  });

  it("stores nothing when the presentation was signed over another challenge", async () => {
    const created = await createExchange(handle.db, { name: "Wanda", email: "wanda2@example.com" }, origin, now());
    const { holder, badge } = await walletWithBadge();
    const vp = await signPresentation(
      holder,
      {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        type: ["VerifiablePresentation"],
        holder: holder.did,
        verifiableCredential: [badge],
      },
      { challenge: "a-replayed-challenge", domain: "attest.example" },
    );
    const answer = await continueExchange(deps(), created.id, { verifiablePresentation: vp }, origin);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: "presentation-not-accepted" });
    const before = await continueExchange(deps(), created.id, {}, origin);
    expect(before.status).toBe(200);
  });

  /** A wallet (holder DID) answers a request made out to `email`, with one badge bound to its DID. */
  async function answerFromWallet(
    email: string,
    holder: Awaited<ReturnType<typeof generateIssuerKey>>,
    achievement: string,
  ) {
    const issuer = await generateIssuerKey({ name: "Wallet Test College" });
    const badge = await issueOpenBadge(issuer, {
      subject: { name: "Whoever", email, did: holder.did },
      achievement: { name: achievement, description: `${achievement}.`, alignments: [] },
      validFrom: new Date(Date.now() - 86_400_000),
    });
    const created = await createExchange(handle.db, { name: "Whoever", email }, origin, now());
    const first = await continueExchange(deps(), created.id, {}, origin);
    const vpr = (first.body as { verifiablePresentationRequest: { challenge: string; domain: string } })
      .verifiablePresentationRequest;
    const vp = await signPresentation(
      holder,
      {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        type: ["VerifiablePresentation"],
        holder: holder.did,
        verifiableCredential: [badge],
      },
      { challenge: vpr.challenge, domain: vpr.domain },
    );
    return continueExchange(deps(), created.id, { verifiablePresentation: vp }, origin);
  }

  const achievementsUnder = async (email: string) => {
    const rows = await handle.db.select().from(candidates).where(eq(candidates.email, email));
    const known = rows.find((row) => (row as { identity?: string }).identity !== "pending");
    const held = known ? await handle.db.select().from(credentials).where(eq(credentials.candidateId, known.id)) : [];
    return held.map((c) => c.achievementName).sort();
  };

  it("a wallet answering a request made out to someone else's email joins nothing until that address is confirmed", async () => {
    const [seeded] = await submitItems(deps(), { name: "Kim Known", email: "kim@example.com", consent: true }, [
      { type: "text", source: "ats", text: JSON.stringify((await walletWithBadge()).badge) },
    ]);
    expect(seeded.status).toBe("stored");
    const mallory = await generateIssuerKey({ name: "Mallory" });
    const answer = await answerFromWallet("kim@example.com", mallory, "Diploma Mill Degree");
    expect(answer.status).toBe(200);
    expect(await achievementsUnder("kim@example.com")).toEqual(["Beekeeping"]);
  });

  it("a wallet whose DID the candidate proved before joins their record at once; another DID does not", async () => {
    const { confirmEmail } = await import("#app/identity/identity.server");
    const { linkFromOutbox } = await import("#app/identity/test-helpers");
    const holder = await generateIssuerKey({ name: "Lee" });
    await submitItems(deps(), { name: "Lee", email: "lee@example.com", consent: true }, [
      { type: "text", source: "ats", text: JSON.stringify((await walletWithBadge()).badge) },
    ]);
    expect(await answerFromWallet("lee@example.com", holder, "Rope Access")).toMatchObject({
      body: { emailConfirmation: "mailed" },
    });
    expect(await achievementsUnder("lee@example.com")).toEqual(["Beekeeping"]);
    expect(await confirmEmail(deps(), await linkFromOutbox(handle.db, "lee@example.com", "confirm"))).toMatchObject({
      ok: true,
      value: { joined: true },
    });
    expect(await achievementsUnder("lee@example.com")).toEqual(["Beekeeping", "Rope Access"]);

    expect(await answerFromWallet("lee@example.com", holder, "Scaffolding")).toMatchObject({
      body: { emailConfirmation: expect.stringMatching(/DID is known/) },
    });
    expect(await achievementsUnder("lee@example.com")).toEqual(["Beekeeping", "Rope Access", "Scaffolding"]);
    const stranger = await generateIssuerKey({ name: "Stranger" });
    await answerFromWallet("lee@example.com", stranger, "Forged Thing");
    expect(await achievementsUnder("lee@example.com")).toEqual(["Beekeeping", "Rope Access", "Scaffolding"]);
  });

  it("answers 404 for an unknown exchange", async () => {
    expect((await continueExchange(deps(), "nope", {}, origin)).status).toBe(404);
  });
});
