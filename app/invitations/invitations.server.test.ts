import type { DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import { listAuditEvents } from "#app/audit/audit.server";
import { createStaffUser } from "#app/auth/staff-accounts.server";
import { testClock, testServices } from "#app/auth/test-helpers";
import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";
import { confirmEmail } from "#app/identity/identity.server";
import { linkFromOutbox } from "#app/identity/test-helpers";
import { continueExchange } from "#app/ingest/exchange.server";
import { submitThroughInvitation } from "#app/ingest/public-submission.server";
import type { Services } from "#app/services.server";
import { createVerifier } from "#app/verification/verifier.server";
import { staffActor } from "#app/audit/audit.server";
import {
  closeInvitation,
  createInvitationFromForm,
  createWalletRequest,
  getCandidateInvitations,
  getInvitationDetail,
  listInvitations,
  lookUpInvitation,
} from "./invitations.server";

const ORIGIN = "http://attest.test";

describe.each(testDatabaseKinds())("invitations on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  const clock = testClock(new Date("2026-12-05T10:00:00Z"));
  let actor: ReturnType<typeof staffActor>;
  let issuer: Awaited<ReturnType<typeof generateIssuerKey>>;

  beforeAll(async () => {
    handle = await kind.open();
    services = { ...(await testServices(handle, clock.now)), verify: createVerifier(clock.now) };
    // No password: hashing one (scrypt) is slow, and these tests need only the account.
    const recruiter = await createStaffUser(services, {
      email: "rita@example.com",
      name: "Rita Recruiter",
      role: "recruiter",
    });
    if (recruiter.status !== "created") throw new Error(recruiter.message);
    actor = staffActor(recruiter.user, "192.0.2.7");
    issuer = await generateIssuerKey({ name: "Invitation College" });
  });
  afterAll(() => handle?.close());

  const create = async (title: string, lastDay = "") => {
    const made = await createInvitationFromForm(services, actor, { title, lastDay });
    if (made.status !== "created") throw new Error(made.message);
    return made.id;
  };
  const tokenOf = async (id: string) =>
    new URL((await getInvitationDetail(services, id))!.invitation.link).pathname.split("/").pop()!;

  async function submitThrough(invitationId: string, name: string, email: string) {
    const found = await lookUpInvitation(services, await tokenOf(invitationId));
    if (found.status !== "open") throw new Error(found.message);
    const badge = await issueOpenBadge(issuer, {
      subject: { name, email },
      achievement: { name: `Welding ${email}`, description: "Welds.", alignments: [] },
      validFrom: new Date("2026-01-01T00:00:00Z"),
    });
    const result = await submitThroughInvitation(
      { ...services, onCommitted: () => {} },
      {
        invitation: found.invitation,
        clientAddress: `198.51.100.${Math.floor(Math.random() * 200)}`,
        details: { name, email, consent: true },
        inputs: [{ type: "text", text: JSON.stringify(badge), source: "pasted text" }],
      },
    );
    if (result.status !== "done") throw new Error(result.status);
    return result;
  }

  it("creates an invitation with a name and a last day, audited by who made it, without its secret token", async () => {
    const id = await create("Welders, Leeds", "2026-12-31");
    const { invitation } = (await getInvitationDetail(services, id))!;
    expect(invitation).toMatchObject({
      title: "Welders, Leeds",
      state: "open",
      submissions: 0,
      confirmedCandidates: 0,
    });
    expect(invitation.link).toMatch(/^http:\/\/attest\.test\/submit\/[\w-]{24}$/);
    // The link works through the whole last day (UTC) and stops at its end.
    expect(invitation.lastDay).toBe("2026-12-31T23:59:59.999Z");
    const [entry] = await listAuditEvents(handle.db, { action: "invitation.create", limit: 1 });
    expect(entry).toMatchObject({
      actorId: actor.id,
      actor: actor.label,
      fromAddress: "192.0.2.7",
      subjectType: "invitation",
      subjectId: id,
    });
    expect(entry.detail).toEqual({ title: "Welders, Leeds", expiresAt: "2027-01-01T00:00:00.000Z" });
    expect(JSON.stringify(entry)).not.toContain(await tokenOf(id));
  });

  it("refuses a last day already past, with a sentence, and makes nothing", async () => {
    const before = (await listInvitations(services)).length;
    const made = await createInvitationFromForm(services, actor, { title: "Too late", lastDay: "2026-12-04" });
    expect(made).toEqual({ status: "invalid", field: "lastDay", message: expect.stringMatching(/already past/) });
    expect((await listInvitations(services)).length).toBe(before);
    // Today is still a whole day to submit.
    expect(
      (await createInvitationFromForm(services, actor, { title: "Today only", lastDay: "2026-12-05" })).status,
    ).toBe("created");
  });

  it("counts submissions and the candidates among them who confirmed their email; the candidate's page names the invitation", async () => {
    const id = await create("Forklift drivers");
    const other = await create("Crane operators");
    const first = await submitThrough(id, "Ada Lovelace", "ada@example.com");
    await submitThrough(id, "Bo Pending", "bo@example.com");
    await submitThrough(other, "Cy Elsewhere", "cy@example.com");
    expect(first.confirmationMailed).toBe(true);

    let detail = (await getInvitationDetail(services, id))!;
    expect(detail.invitation).toMatchObject({ submissions: 2, confirmedCandidates: 0 });
    expect(detail.candidates.map((c) => [c.name, c.emailConfirmed]).sort()).toEqual([
      ["Ada Lovelace", false],
      ["Bo Pending", false],
    ]);

    const confirmed = await confirmEmail(services, await linkFromOutbox(handle.db, "ada@example.com", "confirm"));
    if (!confirmed.ok) throw new Error("not confirmed");
    detail = (await getInvitationDetail(services, id))!;
    expect(detail.invitation).toMatchObject({ submissions: 2, confirmedCandidates: 1 });
    expect(detail.candidates.find((c) => c.name === "Ada Lovelace")).toMatchObject({
      id: confirmed.value.candidateId,
      emailConfirmed: true,
    });

    const listed = await listInvitations(services);
    expect(listed.find((i) => i.id === other)).toMatchObject({ submissions: 1, confirmedCandidates: 0 });
    expect(await getCandidateInvitations(handle.db, confirmed.value.candidateId)).toEqual([
      { id, title: "Forklift drivers", firstSubmittedAt: expect.any(String) },
    ]);
  });

  it("a closed invitation refuses new submissions with a sentence to the candidate; closing is audited once", async () => {
    const id = await create("Night shift");
    const token = await tokenOf(id);
    await submitThrough(id, "Early Bird", "early@example.com");
    clock.advance(60_000);
    expect(await closeInvitation(services, actor, id)).toBe("closed");
    expect(await closeInvitation(services, actor, id)).toBe("already-closed");
    expect(await closeInvitation(services, actor, "inv_missing")).toBeNull();
    const closes = await listAuditEvents(handle.db, { action: "invitation.close", subjectId: id });
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ actorId: actor.id, subjectType: "invitation" });

    const found = await lookUpInvitation(services, token);
    expect(found).toEqual({
      status: "refused",
      title: "Night shift",
      message: expect.stringMatching(
        /^The employer closed this invitation on 5 Dec 2026, so it no longer takes new submissions\..*ask the employer for a new link/,
      ),
    });
    const { invitation } = (await getInvitationDetail(services, id))!;
    // What came through stays counted.
    expect(invitation).toMatchObject({ state: "closed", submissions: 1 });
    // Open invitations are listed before closed ones.
    const states = (await listInvitations(services)).map((i) => i.state);
    expect(states.indexOf("closed")).toBeGreaterThan(states.lastIndexOf("open"));
  });

  it("an expired invitation says until when it was open; an unknown link says so without guessing", async () => {
    const id = await create("Christmas temps", "2026-12-06");
    const token = await tokenOf(id);
    expect((await lookUpInvitation(services, token)).status).toBe("open");
    clock.advance(2 * 86_400_000);
    expect(await lookUpInvitation(services, token)).toEqual({
      status: "refused",
      title: "Christmas temps",
      message: expect.stringMatching(/^This invitation was open until 6 Dec 2026 and no longer takes new submissions/),
    });
    expect((await getInvitationDetail(services, id))!.invitation.state).toBe("expired");
    expect(await lookUpInvitation(services, `${token}x`)).toEqual({
      status: "refused",
      title: null,
      message: expect.stringMatching(/not valid any more/),
    });
    expect((await lookUpInvitation(services, "")).status).toBe("refused");
  });

  it("makes a wallet request for an open invitation, with a QR code; it stops when the invitation closes", async () => {
    const id = await create("Data analysts");
    const made = await createWalletRequest(services, id, { name: "Wanda Wallet", email: "Wanda@example.com" });
    if (made?.status !== "created") throw new Error("no request");
    expect(made.walletLink).toMatch(/^https:\/\/lcw\.app\/request\?request=/);
    expect(made.qrSvg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const exchangeId = made.exchangeUrl.split("/").pop()!;
    const detail = (await getInvitationDetail(services, id))!;
    expect(detail.walletRequests).toEqual([
      { id: exchangeId, candidateName: "Wanda Wallet", createdAt: expect.any(String), state: "waiting" },
    ]);
    expect(detail.qrSvg).toMatch(/<svg/);

    const step = (body: unknown) => continueExchange({ ...services, onCommitted: () => {} }, exchangeId, body, ORIGIN);
    expect((await step({})).status).toBe(200);
    await closeInvitation(services, actor, id);
    const refused = await step({});
    expect(refused).toEqual({
      status: 410,
      body: { error: "gone", message: expect.stringMatching(/no longer takes credentials/) },
    });
    expect(await createWalletRequest(services, id, { name: "Late", email: "late@example.com" })).toEqual({
      status: "not-open",
      message: expect.stringMatching(/closed/),
    });
    expect(await createWalletRequest(services, "inv_missing", { name: "X", email: "x@example.com" })).toBeNull();
  });
});
