/** Every audited action, through the route that performs it: one entry each, with who, what, subject and from where. */
import type { DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import { drainOutbox } from "#search/sync.server";
import type { Services } from "#app/services.server";
import { cookieFrom, request, run, signedInStaff, testClock, testServices } from "#app/auth/test-helpers";
import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";
import { submitItems } from "#app/ingest/submit.server";
import { addToShortlist } from "#app/recruiting/shortlists.server";
import * as account from "#app/routes/account";
import * as aliases from "#app/routes/admin.aliases";
import * as audit from "#app/routes/admin.audit";
import * as auditExport from "#app/routes/admin.audit.export";
import * as retention from "#app/routes/admin.retention";
import * as users from "#app/routes/admin.users";
import * as candidatePage from "#app/routes/candidates.$candidateId";
import * as searchExport from "#app/routes/search.export";
import * as shortlistExport from "#app/routes/shortlists.$shortlistId.export";
import * as signInRoute from "#app/routes/sign-in";
import * as signOutRoute from "#app/routes/sign-out";
import { getRetentionDays } from "#app/retention/retention.server";
import { listAuditEvents } from "./audit.server";
import { countCsvRows } from "./exports.server";

const ADDRESS = "192.0.2.1"; // what test-helpers' run() passes as the client address

describe("counting CSV rows", () => {
  it("counts records, not line breaks inside quoted cells", () => {
    expect(countCsvRows("a,b\n")).toBe(0);
    expect(countCsvRows('a,b\n1,"two\nlines"\n3,"say ""hi"""\n')).toBe(2);
  });
});

describe.each(testDatabaseKinds())("audit entries on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  const clock = testClock(new Date("2030-01-01T09:00:00Z"));
  let candidateId: string;

  beforeAll(async () => {
    handle = await kind.open();
    services = await testServices(handle, clock.now);
    const issuer = await generateIssuerKey({ name: "Audit College" });
    const badge = await issueOpenBadge(issuer, {
      subject: { name: "Rosalind Featherstone", email: "ros.f@example.com" },
      achievement: { name: "Crane Operation", description: "Operates tower cranes.", alignments: [] },
      validFrom: new Date("2026-01-01T00:00:00Z"),
    });
    const [outcome] = await submitItems(
      { db: handle.db, verify: services.verify, now: clock.now },
      { name: "Rosalind Featherstone", email: "ros.f@example.com", consent: true },
      [{ type: "text", text: JSON.stringify(badge), source: "pasted text" }],
    );
    if (outcome.status !== "stored") throw new Error("not stored");
    candidateId = outcome.candidateId;
    await drainOutbox({ db: handle.db, search: services.search });
  });
  afterAll(() => handle?.close());

  const latest = async (
    action: Parameters<typeof listAuditEvents>[1] extends infer F
      ? F extends { action?: infer A }
        ? A
        : never
      : never,
  ) => (await listAuditEvents(handle.db, { action, limit: 1 }))[0];
  const noPersonalData = (entry: unknown) => {
    const text = JSON.stringify(entry);
    expect(text).not.toMatch(/Featherstone|Rosalind|ros\.f@example\.com/);
  };

  it("sign-in, a failed sign-in (never the password; the typed email only if it is one) and sign-out", async () => {
    const user = await signedInStaff(services, "recruiter");
    const signIn = (email: string, password: string) =>
      run(signInRoute.action, request("/sign-in", { form: { email, password, redirectTo: "/" } }), services);

    const ok = await signIn(user.email, user.password);
    expect(ok.status).toBe(302);
    expect(await latest("sign-in")).toMatchObject({
      actor: user.email,
      actorId: user.id,
      fromAddress: ADDRESS,
      subjectId: user.id,
    });

    await signIn(user.email, "hunter2-wrong");
    const failed = await latest("sign-in.failed");
    expect(failed).toMatchObject({ actor: "anonymous", actorId: null, fromAddress: ADDRESS, subjectId: user.id });
    expect(failed.detail).toEqual({ email: user.email, reason: "wrong-password" });

    await signIn("my secret passphrase", "oops");
    const typedPassword = await latest("sign-in.failed");
    expect(typedPassword.detail).toEqual({ email: null, reason: "unknown-account" });
    expect(JSON.stringify(await listAuditEvents(handle.db, { action: "sign-in.failed" }))).not.toMatch(
      /hunter2|passphrase|oops/,
    );

    const cookie = cookieFrom(ok.headers.get("set-cookie")!);
    const session = await run(account.loader, request("/account", { cookie }), services);
    expect(session.status).toBe(200);
    const csrf = (await import("#app/auth/session.server")).getStaffUser(request("/", { cookie }), services);
    await run(signOutRoute.action, request("/sign-out", { cookie, form: { csrf: (await csrf)!.csrfToken } }), services);
    expect(await latest("sign-out")).toMatchObject({ actor: user.email, subjectId: user.id, fromAddress: ADDRESS });
  });

  it("a password change", async () => {
    const user = await signedInStaff(services, "verifier");
    const next = "a completely new passphrase";
    const form = { csrf: user.csrfToken, current: user.password, next, repeat: next };
    await run(account.action, request("/account", { cookie: user.cookie, form }), services);
    const entry = await latest("password.change");
    expect(entry).toMatchObject({ actor: user.email, subjectType: "staff", subjectId: user.id });
    expect(JSON.stringify(entry)).not.toContain(next);
  });

  it("staff invited, given another role and deactivated by an admin", async () => {
    const admin = await signedInStaff(services, "admin");
    const post = (form: Record<string, string>) =>
      run(
        users.action,
        request("/admin/users", { cookie: admin.cookie, form: { csrf: admin.csrfToken, ...form } }),
        services,
      );
    await post({ intent: "invite", email: "new.hire@example.com", role: "recruiter" });
    const invite = await latest("staff.invite");
    expect(invite).toMatchObject({ actor: admin.email, detail: { email: "new.hire@example.com", role: "recruiter" } });

    await post({ intent: "role", userId: invite.subjectId!, role: "verifier" });
    expect(await latest("staff.role")).toMatchObject({
      subjectId: invite.subjectId,
      detail: { from: "recruiter", to: "verifier" },
    });
    expect((await post({ intent: "role", userId: admin.id, role: "recruiter" })).status).toBe(400);

    await post({ intent: "deactivate", userId: invite.subjectId! });
    expect(await latest("staff.deactivate")).toMatchObject({
      actor: admin.email,
      subjectId: invite.subjectId,
      fromAddress: ADDRESS,
    });
  });

  it("a skill alias edit", async () => {
    const admin = await signedInStaff(services, "admin");
    const form = {
      csrf: admin.csrfToken,
      intent: "add",
      aliasText: "Tower crane",
      skillKey: "name:crane-operation",
      label: "Crane operation",
    };
    await run(aliases.action, request("/admin/aliases", { cookie: admin.cookie, form }), services);
    expect(await latest("alias.change")).toMatchObject({
      actor: admin.email,
      subjectType: "alias",
      subjectId: "Tower crane",
      detail: { intent: "add", skillKey: "name:crane-operation" },
    });
  });

  it("a view of a candidate's records, by id only", async () => {
    const recruiter = await signedInStaff(services, "recruiter");
    const page = await run(
      candidatePage.loader,
      request(`/candidates/${candidateId}`, { cookie: recruiter.cookie }),
      services,
      { candidateId },
    );
    expect(page.status).toBe(200);
    const entry = await latest("candidate.view");
    expect(entry).toMatchObject({
      actor: recruiter.email,
      subjectType: "candidate",
      subjectId: candidateId,
      fromAddress: ADDRESS,
    });
    noPersonalData(entry);
  });

  it("exports: what was exported and how many rows, never the rows nor a typed name", async () => {
    const recruiter = await signedInStaff(services, "recruiter");
    const csv = await run(
      searchExport.loader,
      request("/search/export?q=Featherstone&includeClaimed=1", { cookie: recruiter.cookie }),
      services,
    );
    expect(await csv.text()).toContain("Featherstone");
    const searchEntry = await latest("export");
    expect(searchEntry).toMatchObject({
      actor: recruiter.email,
      subjectType: "search",
      detail: { what: "search results", rows: 1, textQuery: true },
    });
    noPersonalData(searchEntry);

    const list = await addToShortlist(handle.db, candidateId, { shortlist: "Crane crew", note: "" });
    await run(
      shortlistExport.loader,
      request(`/shortlists/${list!.shortlistId}/export`, { cookie: recruiter.cookie }),
      services,
      {
        shortlistId: list!.shortlistId,
      },
    );
    const listEntry = await latest("export");
    expect(listEntry).toMatchObject({
      subjectType: "shortlist",
      subjectId: list!.shortlistId,
      detail: { what: "shortlist", name: "Crane crew", rows: 1 },
    });
    noPersonalData(listEntry);
  });

  it("the retention period, set by an admin", async () => {
    const admin = await signedInStaff(services, "admin");
    const set = (days: string) =>
      run(
        retention.action,
        request("/admin/retention", { cookie: admin.cookie, form: { csrf: admin.csrfToken, days } }),
        services,
      );
    expect((await set("-3")).status).toBe(400);
    expect((await set("365")).status).toBe(200);
    expect(await getRetentionDays(handle.db)).toBe(365);
    expect(await latest("retention.set")).toMatchObject({ actor: admin.email, detail: { days: 365, previous: null } });
    await set("");
    expect(await getRetentionDays(handle.db)).toBeNull();
    expect(await latest("retention.set")).toMatchObject({ detail: { days: null, previous: 365 } });
  });

  it("the audit page filters by action, actor, subject and dates, newest first, a page at a time", async () => {
    const admin = await signedInStaff(services, "admin");
    const page = async (query: string) => {
      const response = await run(audit.loader, request(`/admin/audit${query}`, { cookie: admin.cookie }), services);
      expect(response.status).toBe(200);
      return (await response.json()) as {
        entries: Array<{ id: number; action: string; actor: string; subjectId: string | null }>;
        olderThan: number | null;
      };
    };
    const all = await page("");
    expect(all.entries.length).toBeGreaterThan(10);
    expect(all.entries.map((e) => e.id)).toEqual([...all.entries.map((e) => e.id)].sort((a, b) => b - a));

    expect((await page("?action=candidate.view")).entries.every((e) => e.action === "candidate.view")).toBe(true);
    const byActor = await page("?actor=ANONYMOUS");
    expect(byActor.entries.length).toBe(2);
    expect(byActor.entries.every((e) => e.actor === "anonymous")).toBe(true);
    const bySubject = await page(`?subjectType=candidate&subjectId=${candidateId}`);
    expect(bySubject.entries.map((e) => e.action)).toEqual(["candidate.view"]);
    expect((await page("?from=2099-01-01")).entries).toEqual([]);
    expect((await page("?to=2000-01-01")).entries).toEqual([]);
    expect((await page("?from=not-a-date")).entries.length).toBe(all.entries.length);

    // Keyset paging: 50 a page, then older entries before the last id shown.
    for (let i = 0; i < 60; i++) {
      await run(candidatePage.loader, request(`/candidates/${candidateId}`, { cookie: admin.cookie }), services, {
        candidateId,
      });
    }
    const first = await page("?action=candidate.view");
    expect(first.entries).toHaveLength(50);
    expect(first.olderThan).toBe(first.entries[49].id);
    const second = await page(`?action=candidate.view&before=${first.olderThan}`);
    expect(second.entries).toHaveLength(11);
    expect(second.olderThan).toBeNull();
    expect(Math.max(...second.entries.map((e) => e.id))).toBeLessThan(first.entries[49].id);

    const recruiter = await signedInStaff(services, "recruiter");
    expect((await run(audit.loader, request("/admin/audit", { cookie: recruiter.cookie }), services)).status).toBe(403);
  });

  it("the audit export has the page's filters, as CSV, and is itself audited", async () => {
    const admin = await signedInStaff(services, "admin");
    const response = await run(
      auditExport.loader,
      request("/admin/audit/export?action=staff.role", { cookie: admin.cookie }),
      services,
    );
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    const csv = await response.text();
    expect(csv.split("\n")[0]).toContain("id,at,actor,actor id,from,action,description,subject type,subject id,detail");
    expect(countCsvRows(csv)).toBe(1);
    expect(csv).toContain("Changed a staff member's role: new.hire@example.com from recruiter to verifier");
    expect(await latest("export")).toMatchObject({
      actor: admin.email,
      subjectType: "audit",
      detail: { what: "audit trail", filters: "action=staff.role", rows: 1 },
    });

    const recruiter = await signedInStaff(services, "recruiter");
    expect(
      (await run(auditExport.loader, request("/admin/audit/export", { cookie: recruiter.cookie }), services)).status,
    ).toBe(403);
  });

  it("an admin erases a candidate from their page, after confirming; a recruiter cannot", async () => {
    const recruiter = await signedInStaff(services, "recruiter");
    const admin = await signedInStaff(services, "admin");
    const erase = (user: { cookie: string; csrfToken: string }, form: Record<string, string>) =>
      run(
        candidatePage.action,
        request(`/candidates/${candidateId}`, {
          cookie: user.cookie,
          form: { csrf: user.csrfToken, intent: "erase", ...form },
        }),
        services,
        {
          candidateId,
        },
      );
    expect((await erase(recruiter, { confirm: "erase" })).status).toBe(403);
    expect((await erase(admin, {})).status).toBe(400);
    expect((await services.search.search({ q: "Featherstone" })).total).toBe(1);

    const done = await erase(admin, { confirm: "erase" });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`/admin/audit?subjectType=candidate&subjectId=${candidateId}`);
    await drainOutbox({ db: handle.db, search: services.search });
    expect((await services.search.search({ q: "Featherstone" })).total).toBe(0);
    const tombstone = await latest("candidate.erase");
    expect(tombstone).toMatchObject({
      actor: admin.email,
      subjectId: candidateId,
      detail: { reason: "admin", credentials: 1 },
    });
    noPersonalData(tombstone);
    const gone = await run(
      candidatePage.loader,
      request(`/candidates/${candidateId}`, { cookie: admin.cookie }),
      services,
      { candidateId },
    );
    expect(gone.status).toBe(404);
    // Nothing in the whole trail names the erased person.
    noPersonalData(await listAuditEvents(handle.db, { limit: 10_000 }));
  });
});
