/**
 * The two sides of a shortlist's share link through their routes: staff make, list and revoke links on the
 * shortlist page; the holder's page answers with headers that keep it out of caches and search engines, and a
 * dead link answers 404 with a sentence for its holder. (POST to the share page: it has no action, so Remix answers
 * 405 before any loader runs; e2e/shortlist-sharing.spec.ts sends one over HTTP.)
 */
import type { DatabaseHandle } from "#db/client.server";
import { candidates } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import type { Services } from "#app/services.server";
import { listAuditEvents } from "#app/audit/audit.server";
import { request, run, signedInStaff, testServices } from "#app/auth/test-helpers";
import { addToShortlist } from "#app/recruiting/shortlists.server";
import * as shortlistPage from "./shortlists.$shortlistId._index";
import * as sharedPage from "./shared.$token";

describe.each(testDatabaseKinds())("share link routes on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  let recruiter: Awaited<ReturnType<typeof signedInStaff>>;
  let shortlistId: string;

  beforeAll(async () => {
    handle = await kind.open();
    services = await testServices(handle);
    recruiter = await signedInStaff(services, "recruiter");
    await handle.db.insert(candidates).values({
      id: "cand_share",
      displayName: "Noor Sharewell",
      email: "noor.sharewell@example.com",
      consentedAt: new Date(),
      consentTextVersion: "test",
    });
    shortlistId = (await addToShortlist(handle.db, "cand_share", { shortlist: "Platform team", note: "" }))!
      .shortlistId;
  });
  afterAll(() => handle?.close());

  const post = (form: Record<string, string>) =>
    run(
      shortlistPage.action,
      request(`/shortlists/${shortlistId}`, { cookie: recruiter.cookie, form: { csrf: recruiter.csrfToken, ...form } }),
      services,
      { shortlistId },
    );
  const openShared = (token: string) => run(sharedPage.loader, request(`/shared/${token}`), services, { token });

  it("a recruiter makes a link (shown once), sees it listed, and its holder reads the page, privately", async () => {
    const made = await post({ intent: "share", days: "14", recipient: "Sam (hiring manager)" });
    expect(made.status).toBe(200);
    expect(made.headers.get("cache-control")).toBe("no-store");
    const { shared } = (await made.json()) as { shared: { link: string; expiresAt: string } };
    expect(shared.link).toMatch(/^http:\/\/attest\.test\/shared\/[A-Za-z0-9_-]{43}$/);

    const page = await run(
      shortlistPage.loader,
      request(`/shortlists/${shortlistId}`, { cookie: recruiter.cookie }),
      services,
      { shortlistId },
    );
    const { shareLinks } = (await page.json()) as { shareLinks: Array<{ recipient: string; state: string }> };
    expect(shareLinks).toMatchObject([{ recipient: "Sam (hiring manager)", state: "active" }]);
    expect(JSON.stringify(shareLinks)).not.toContain(new URL(shared.link).pathname.slice(8));

    const token = new URL(shared.link).pathname.replace("/shared/", "");
    const answer = await openShared(token);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("private, no-store");
    expect(answer.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    const body = await answer.text();
    expect(body).toContain("Noor Sharewell");
    expect(body).not.toContain("noor.sharewell@example.com");
    expect(body).not.toContain("cand_share");
  });

  it("refuses a period that is not offered, with a sentence, and makes nothing", async () => {
    const before = (await listAuditEvents(handle.db, { action: "shortlist.share" })).length;
    const answer = await post({ intent: "share", days: "3650", recipient: "" });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { shareError: string }).shareError).toMatch(/1, 7, 14 or 30 days/);
    expect((await listAuditEvents(handle.db, { action: "shortlist.share" })).length).toBe(before);
  });

  it("a revoked link answers 404 with a sentence for its holder, and the same private headers", async () => {
    const made = (await (await post({ intent: "share", days: "7", recipient: "" })).json()) as {
      shared: { link: string };
    };
    const token = new URL(made.shared.link).pathname.replace("/shared/", "");
    const [link] = (
      await (
        await run(shortlistPage.loader, request(`/shortlists/${shortlistId}`, { cookie: recruiter.cookie }), services, {
          shortlistId,
        })
      ).json()
    ).shareLinks as Array<{ id: string }>;
    const revoked = await post({ intent: "revoke-share", linkId: link!.id });
    expect(await revoked.json()).toMatchObject({ done: "Share link revoked: it no longer opens the shortlist." });
    expect((await post({ intent: "revoke-share", linkId: "share_nope" })).status).toBe(400);

    const answer = await openShared(token);
    expect(answer.status).toBe(404);
    expect(answer.headers.get("cache-control")).toBe("private, no-store");
    expect(await answer.text()).toMatch(/withdrew this link.*ask them for a new link/);
    const guessed = await openShared("A".repeat(43));
    expect(guessed.status).toBe(404);
    expect(await guessed.text()).toMatch(/not valid/);
  });

  it("has no action: the link only reads", () => {
    expect("action" in sharedPage).toBe(false);
  });

  it("refuses a signed-out visitor on the staff side: making a link needs an account", async () => {
    const answer = await run(
      shortlistPage.action,
      request(`/shortlists/${shortlistId}`, { form: { intent: "share", days: "7" } }),
      services,
      { shortlistId },
    );
    expect(answer.status).toBe(302);
  });
});
