/**
 * Who may make and close invitations, through the routes as Remix runs them: every staff role may (an invitation is
 * the team's, like a job opening in an ATS: docs/decisions/060), nobody signed out may, and a candidate holding an
 * invitation link sees nothing of the staff pages. The submission page tells a candidate why a closed link refuses.
 */
import type { DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import type { Role } from "#app/auth/roles";
import { request, run, signedInStaff, testServices } from "#app/auth/test-helpers";
import type { Services } from "#app/services.server";
import * as invitationPage from "#app/routes/invitations.$invitationId/route";
import * as invitationsPage from "#app/routes/invitations._index";
import * as qrDownload from "#app/routes/invitations.$invitationId.qr[.svg]";
import * as submitPage from "#app/routes/submit.$token";
import { getPresentationRequest, receiveWalletAnswer } from "#app/wallet/openid4vp.server";
import { walletDeps } from "#app/wallet/wallet-http.server";
import type { PresentationRequestView } from "#app/wallet/request-view.server";
import { getInvitationDetail, listInvitations } from "./invitations.server";

describe.each(testDatabaseKinds())("invitation pages on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  const staff = {} as Record<Role, Awaited<ReturnType<typeof signedInStaff>>>;

  beforeAll(async () => {
    handle = await kind.open();
    services = await testServices(handle);
    for (const role of ["recruiter", "verifier", "admin"] as const) staff[role] = await signedInStaff(services, role);
  });
  afterAll(() => handle?.close());

  const createAs = (who: { cookie?: string; csrfToken?: string } | null, title: string) =>
    run(
      invitationsPage.action,
      request("/invitations", { cookie: who?.cookie, form: { csrf: who?.csrfToken ?? "", title, lastDay: "" } }),
      services,
    );
  const closeAs = (who: { cookie?: string; csrfToken?: string } | null, id: string) =>
    run(
      invitationPage.action,
      request(`/invitations/${id}`, { cookie: who?.cookie, form: { csrf: who?.csrfToken ?? "", intent: "close" } }),
      services,
      {
        invitationId: id,
      },
    );
  const idFrom = (response: Response) =>
    /^\/invitations\/(inv_[\w-]+)\?created=1$/.exec(response.headers.get("location") ?? "")?.[1];

  it.each(["recruiter", "verifier", "admin"] as const)("a %s may create an invitation and close it", async (role) => {
    const created = await createAs(staff[role], `Made by a ${role}`);
    expect(created.status).toBe(302);
    const id = idFrom(created)!;
    expect((await getInvitationDetail(services, id))?.invitation).toMatchObject({
      title: `Made by a ${role}`,
      state: "open",
      createdBy: expect.any(String),
    });
    const closed = await closeAs(staff[role], id);
    expect(closed.status).toBe(200);
    expect((await getInvitationDetail(services, id))?.invitation.state).toBe("closed");
  });

  it("a recruiter may close an invitation another staff member made", async () => {
    const id = idFrom(await createAs(staff.admin, "Made by the admin"))!;
    expect((await closeAs(staff.recruiter, id)).status).toBe(200);
    expect((await getInvitationDetail(services, id))?.invitation.state).toBe("closed");
  });

  it("nobody signed out may create or close one, and a POST without the session's CSRF token changes nothing", async () => {
    const before = (await listInvitations(services)).length;
    const anonymous = await createAs(null, "Sneaky");
    expect(anonymous.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
    const forged = await createAs({ cookie: staff.recruiter.cookie, csrfToken: "not-the-token" }, "Forged");
    expect(forged.status).toBe(403);
    expect((await listInvitations(services)).length).toBe(before);

    const id = idFrom(await createAs(staff.recruiter, "Stays open"))!;
    expect((await closeAs(null, id)).headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
    expect((await closeAs({ cookie: staff.recruiter.cookie, csrfToken: "nope" }, id)).status).toBe(403);
    expect((await getInvitationDetail(services, id))?.invitation.state).toBe("open");
  });

  it("a candidate with an invitation link sees the submission page, and none of the staff pages", async () => {
    const id = idFrom(await createAs(staff.recruiter, "Candidates' view"))!;
    const link = (await getInvitationDetail(services, id))!.invitation.link;
    const token = link.split("/").pop()!;
    const form = await run(submitPage.loader, request(new URL(link).pathname), services, { token });
    expect(form.status).toBe(200);
    expect(await form.json()).toEqual({ title: "Candidates' view", refused: null });

    // The same visitor (no staff session) on the staff pages: sent to sign in, or 401 for the QR code file.
    const list = await run(invitationsPage.loader, request("/invitations"), services);
    expect(list.headers.get("location")).toBe("/sign-in?redirectTo=%2Finvitations");
    const detail = await run(invitationPage.loader, request(`/invitations/${id}`), services, { invitationId: id });
    expect(detail.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
    const qr = await run(qrDownload.loader, request(`/invitations/${id}/qr.svg`), services, { invitationId: id });
    expect(qr.status).toBe(401);
    expect(await qr.text()).not.toContain("<svg");
  });

  it("staff download the link's QR code as an SVG file", async () => {
    const id = idFrom(await createAs(staff.recruiter, "Poster: warehouse, Leeds"))!;
    const qr = await run(
      qrDownload.loader,
      request(`/invitations/${id}/qr.svg`, { cookie: staff.recruiter.cookie }),
      services,
      { invitationId: id },
    );
    expect(qr.status).toBe(200);
    expect(qr.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(qr.headers.get("content-disposition")).toBe('attachment; filename="Poster-warehouse-Leeds-qr.svg"');
    expect(await qr.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it("after closing, the link's page and a form posted to it answer 404 with a sentence for the candidate", async () => {
    const id = idFrom(await createAs(staff.recruiter, "Closing soon"))!;
    const path = new URL((await getInvitationDetail(services, id))!.invitation.link).pathname;
    const token = path.split("/").pop()!;
    await closeAs(staff.recruiter, id);
    const page = await run(submitPage.loader, request(path), services, { token });
    expect(page.status).toBe(404);
    expect(await page.json()).toEqual({
      title: "Closing soon",
      refused: expect.stringMatching(/^The employer closed this invitation on .*no longer takes new submissions/),
    });

    const form = new FormData();
    form.set("name", "Late Larry");
    form.set("email", "larry@example.com");
    form.set("consent", "on");
    form.set("credential", "{}");
    const posted = await run(
      submitPage.action,
      new Request(new URL(path, "http://attest.test"), { method: "POST", body: form }),
      services,
      { token },
    );
    expect(posted.status).toBe(404);
    expect(((await posted.json()) as { refused: string }).refused).toMatch(/ask the employer for a new link/);
    expect((await getInvitationDetail(services, id))!.invitation.submissions).toBe(0);
  });

  it("a wallet request made on the page comes back with its link and QR code", async () => {
    const id = idFrom(await createAs(staff.verifier, "Wallet holders"))!;
    const made = await run(
      invitationPage.action,
      request(`/invitations/${id}`, {
        cookie: staff.verifier.cookie,
        form: { csrf: staff.verifier.csrfToken, intent: "wallet-request", name: "Wim Wallet", email: "not an address" },
      }),
      services,
      { invitationId: id },
    );
    expect(made.status).toBe(400);
    expect(await made.json()).toEqual({ error: expect.stringMatching(/email address/) });
    const ok = await run(
      invitationPage.action,
      request(`/invitations/${id}`, {
        cookie: staff.verifier.cookie,
        form: {
          csrf: staff.verifier.csrfToken,
          intent: "wallet-request",
          name: "Wim Wallet",
          email: "wim@example.com",
        },
      }),
      services,
      { invitationId: id },
    );
    const body = (await ok.json()) as { request: { candidateName: string; walletLink: string; qrSvg: string } };
    expect(body.request).toMatchObject({
      candidateName: "Wim Wallet",
      walletLink: expect.stringMatching(/^https:\/\/lcw\.app\/request\?/),
      qrSvg: expect.stringMatching(/^<svg/),
    });
    expect((await getInvitationDetail(services, id))!.walletRequests).toHaveLength(1);
  });

  const askWithOpenid4vp = (id: string, form: Record<string, string>) =>
    run(
      invitationPage.action,
      request(`/invitations/${id}`, {
        cookie: staff.recruiter.cookie,
        form: { csrf: staff.recruiter.csrfToken, intent: "openid4vp-request", ...form },
      }),
      services,
      { invitationId: id },
    );

  it("an OpenID4VP request made on the page comes back with its openid4vp:// link and QR code, and is listed", async () => {
    const id = idFrom(await createAs(staff.recruiter, "OpenID4VP holders"))!;
    const badTemplate = await askWithOpenid4vp(id, {
      name: "Olga Open",
      email: "olga@example.com",
      kind: "type-from-issuer",
      type: "OpenBadgeCredential",
      issuer: "",
    });
    expect(badTemplate.status).toBe(400);
    expect(await badTemplate.json()).toEqual({ openid4vpError: expect.stringMatching(/issuer/) });
    expect((await getInvitationDetail(services, id))!.presentationRequests).toEqual([]);

    const ok = await askWithOpenid4vp(id, { name: "Olga Open", email: "olga@example.com", kind: "any-open-badge" });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { presentation: PresentationRequestView };
    expect(body.presentation).toMatchObject({
      candidateName: "Olga Open",
      candidateEmail: "olga@example.com",
      asked: "Any Open Badge",
      state: "waiting",
      walletLink: expect.stringMatching(/^openid4vp:\/\/\?/),
      qrSvg: expect.stringMatching(/^<svg/),
    });
    const stored = await getPresentationRequest(services.db, body.presentation.id);
    expect(stored?.invitationId).toBe(id);

    const page = await run(
      invitationPage.loader,
      request(`/invitations/${id}`, { cookie: staff.recruiter.cookie }),
      services,
      {
        invitationId: id,
      },
    );
    const detail = (await page.json()) as { presentationRequests: unknown[]; walletRequests: unknown[] };
    expect(detail.presentationRequests).toEqual([
      expect.objectContaining({
        id: body.presentation.id,
        candidateName: "Olga Open",
        asked: "Any Open Badge",
        state: "waiting",
        stateWords: "Waiting for the wallet",
      }),
    ]);
    expect(detail.walletRequests).toEqual([]);
  });

  it("a closed invitation refuses a new OpenID4VP request with a sentence, and stores none", async () => {
    const id = idFrom(await createAs(staff.recruiter, "Closed before asking"))!;
    await closeAs(staff.recruiter, id);
    const refused = await askWithOpenid4vp(id, {
      name: "Late Larry",
      email: "larry@example.com",
      kind: "any-open-badge",
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({
      openid4vpError: "This invitation is closed: open a new one to ask a wallet for credentials.",
    });
    expect((await getInvitationDetail(services, id))!.presentationRequests).toEqual([]);
  });

  it("a wallet's answer to an OpenID4VP request is refused once its invitation is closed", async () => {
    const id = idFrom(await createAs(staff.recruiter, "Closed while waiting"))!;
    const made = await askWithOpenid4vp(id, { name: "Slow Sam", email: "sam@example.com", kind: "any-open-badge" });
    const { presentation } = (await made.json()) as { presentation: PresentationRequestView };
    // Before closing, the same empty answer gets past the invitation check (and is refused for another reason).
    const before = await receiveWalletAnswer(walletDeps(services), presentation.id, {});
    expect(JSON.stringify(before.body)).not.toMatch(/invitation/);
    await closeAs(staff.recruiter, id);
    const after = await receiveWalletAnswer(walletDeps(services), presentation.id, {});
    expect(after).toMatchObject({
      status: 400,
      body: { error: "invalid_request", error_description: expect.stringMatching(/invitation .* no longer takes/) },
    });
  });
});
