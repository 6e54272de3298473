import type { DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import type { Services } from "#app/services.server";
import * as account from "#app/routes/account";
import * as aliases from "#app/routes/admin.aliases";
import * as signInRoute from "#app/routes/sign-in";
import * as signOutRoute from "#app/routes/sign-out";
import { hashPassword, verifyPassword } from "./passwords.server";
import { createStaffSession, getStaffUser, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "./session.server";
import {
  createStaffUser,
  deactivateStaffUser,
  findSetPasswordLink,
  safeRedirectTo,
  setPasswordWithLink,
  signIn,
} from "./staff-accounts.server";
import { cookieFrom, ORIGIN, request, run, signedInStaff, testClock, testServices } from "./test-helpers";

const HOUR = 60 * 60 * 1000;
const whoIs = (services: Services, cookie?: string) => getStaffUser(request("/", { cookie }), services);

describe("passwords", () => {
  it("hashes with scrypt, a salt of its own and the parameters in the string", async () => {
    const [a, b] = [await hashPassword("correct horse battery"), await hashPassword("correct horse battery")];
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
  });

  it("sends back only to a path on this site after signing in", () => {
    expect(safeRedirectTo("/search?skill=x")).toBe("/search?skill=x");
    expect(safeRedirectTo("//evil.example/")).toBe("/");
    expect(safeRedirectTo("https://evil.example/")).toBe("/");
    expect(safeRedirectTo(null)).toBe("/");
  });

  it("refuses every variant of another site as the place to go after signing in", () => {
    // Browsers drop tabs and newlines from a URL and read "\\" as "/", so each of these would leave the site.
    const hostile = [
      "/\t/evil.example",
      "/%09/evil.example",
      "/\n/evil.example",
      "/\r/evil.example",
      "/\r\n/evil.example",
      "\t//evil.example",
      " //evil.example",
      "/ /evil.example",
      "/\u0000/evil.example",
      "/\u001f/evil.example",
      "/\\evil.example",
      "/\t\\evil.example",
      "\\\\evil.example",
      "/.//evil.example",
      "/./\\evil.example",
      "/../evil.example/..//evil.example",
      "///evil.example",
      "/%2F/evil.example",
      "/%5C/evil.example",
      "/%5c%5cevil.example",
      "/%0a/evil.example",
      "/%0d%0a/evil.example",
      "/%2509/evil.example",
      "https:evil.example",
      "http:/evil.example",
      "javascript:alert(1)",
      "/javascript:alert(1)//%0a",
      "\u2028//evil.example",
      "/\u3000/evil.example",
    ];
    for (const target of hostile) {
      const result = safeRedirectTo(target);
      const followed = new URL(result, "https://attest.test/");
      expect(followed.origin, JSON.stringify(target)).toBe("https://attest.test");
      expect(result, JSON.stringify(target)).not.toMatch(/^[\s\\/]{2}|[\u0000-\u001f\u007f\\]/);
    }
    expect(safeRedirectTo("/%09/evil.example")).toBe("/");
    expect(safeRedirectTo("/.//evil.example")).toBe("/");
    // Ordinary paths come back as they were.
    expect(safeRedirectTo("/candidates/cand_1?tab=skills#top")).toBe("/candidates/cand_1?tab=skills#top");
    expect(safeRedirectTo("/search?q=a%20b&skill=c%2Fd")).toBe("/search?q=a%20b&skill=c%2Fd");
  });
});

describe.each(testDatabaseKinds())("staff sessions on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  const clock = testClock();
  beforeAll(async () => {
    handle = await kind.open();
    services = await testServices(handle, clock.now);
  });
  afterAll(() => handle?.close());

  const signInForm = (email: string, password: string, cookie?: string) =>
    run(
      signInRoute.action,
      request("/sign-in", { cookie, form: { email, password, redirectTo: "/search?q=x" } }),
      services,
    );

  it("signs in through the page: a signed, HTTP-only, SameSite=Lax cookie, and back to the page asked for", async () => {
    const user = await signedInStaff(services, "recruiter");
    const response = await signInForm(user.email.toUpperCase(), user.password);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/search?q=x");
    const setCookie = response.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^attest_session=[^;]+\./); // the value carries a signature
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    expect((await whoIs(services, cookieFrom(setCookie)))?.email).toBe(user.email);

    const https = await signIn(services, new Request("https://attest.test/sign-in"), {
      ...user,
      clientAddress: "192.0.2.9",
    });
    expect(https.status === "signed-in" && https.setCookie).toMatch(/Secure/);
  });

  it("refuses a wrong password, a tampered cookie and a signed-out visitor's staff page", async () => {
    const user = await signedInStaff(services, "recruiter");
    const wrong = await signInForm(user.email, "not the password");
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: "The email or password is not right." });
    const [name, value] = user.cookie.split("=");
    expect(await whoIs(services, `${name}=x${value}`)).toBeNull();
    const page = await run(account.loader, request("/account?tab=1"), services);
    expect(page.headers.get("location")).toBe("/sign-in?redirectTo=%2Faccount%3Ftab%3D1");
  });

  it("gives a new session id at sign-in, and the one sent before stops working (fixation)", async () => {
    const user = await signedInStaff(services, "recruiter");
    const response = await signInForm(user.email, user.password, user.cookie);
    const fresh = cookieFrom(response.headers.get("set-cookie")!);
    expect(fresh).not.toBe(user.cookie);
    expect(await whoIs(services, user.cookie)).toBeNull();
    expect((await whoIs(services, fresh))?.email).toBe(user.email);
  });

  it("expires a session after 12 idle hours, and after 7 days however busy", async () => {
    const user = await signedInStaff(services, "recruiter");
    clock.advance(11 * HOUR);
    expect(await whoIs(services, user.cookie)).not.toBeNull();
    clock.advance(SESSION_IDLE_MS);
    expect(await whoIs(services, user.cookie)).toBeNull();

    const busy = await signedInStaff(services, "recruiter");
    for (let elapsed = 0; elapsed + 6 * HOUR < SESSION_ABSOLUTE_MS; elapsed += 6 * HOUR) {
      clock.advance(6 * HOUR);
      expect(await whoIs(services, busy.cookie)).not.toBeNull();
    }
    clock.advance(6 * HOUR);
    expect(await whoIs(services, busy.cookie)).toBeNull();
  });

  it("refuses a staff POST without the session's CSRF token, with a sentence, and accepts it with the token", async () => {
    const admin = await signedInStaff(services, "admin");
    const form = { intent: "add", aliasText: "JS", skillKey: "name:javascript", label: "JavaScript" };
    for (const csrf of [undefined, "forged"]) {
      const refused = await run(
        aliases.action,
        request("/admin/aliases", { cookie: admin.cookie, form: { ...form, ...(csrf ? { csrf } : {}) } }),
        services,
      );
      expect(refused.status).toBe(403);
      expect(await refused.text()).toMatch(/did not come from Attest, so nothing was changed/);
    }
    const accepted = await run(
      aliases.action,
      request("/admin/aliases", { cookie: admin.cookie, form: { ...form, csrf: admin.csrfToken } }),
      services,
    );
    expect(accepted.status).toBe(200);

    const signOutWithout = await run(
      signOutRoute.action,
      request("/sign-out", { cookie: admin.cookie, form: {} }),
      services,
    );
    expect(signOutWithout.status).toBe(403);
    const signedOut = await run(
      signOutRoute.action,
      request("/sign-out", { cookie: admin.cookie, form: { csrf: admin.csrfToken } }),
      services,
    );
    expect(signedOut.headers.get("location")).toBe("/sign-in");
    expect(signedOut.headers.get("set-cookie")).toMatch(/attest_session=;/);
    expect(await whoIs(services, admin.cookie)).toBeNull();
  });

  it("rate-limits failed sign-ins per email with a clear 429 page, even for the right password", async () => {
    const user = await signedInStaff(services, "verifier");
    for (let i = 0; i < 10; i++) expect((await signInForm(user.email, `wrong ${i}`)).status).toBe(400);
    const limited = await signInForm(user.email, user.password);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("900");
    expect((await limited.json()).error).toMatch(/Too many failed sign-ins.*Wait 15 minutes/);
    clock.advance(16 * 60 * 1000);
    expect((await signInForm(user.email, user.password)).status).toBe(302);
  });

  it("rate-limits failed sign-ins per client address across emails", async () => {
    const limits = { perEmail: 100, perClient: 3, windowMs: 15 * 60 * 1000 };
    const attempt = (email: string) =>
      signIn({ ...services, loginLimits: limits }, new Request(ORIGIN), {
        email,
        password: "guess",
        clientAddress: "198.51.100.7",
      });
    for (const email of ["a@x.test", "b@x.test", "c@x.test"]) expect((await attempt(email)).status).toBe("invalid");
    expect((await attempt("d@x.test")).status).toBe("rate-limited");
  });

  it("refuses an email or password longer than any can be with 400 and a sentence, before hashing or recording it", async () => {
    const long = await signInForm(`${"a".repeat(400)}@example.com`, "whatever password");
    expect(long.status).toBe(400);
    expect((await long.json()).error).toMatch(/longer than any email address/);
    const user = await signedInStaff(services, "recruiter");
    const longPassword = await signInForm(user.email, "p".repeat(100_000));
    expect(longPassword.status).toBe(400);
    expect((await longPassword.json()).error).toMatch(/not right/);
  });

  it("holds the limit under 100 concurrent guesses: at most 10 passwords are checked, the rest are refused unchecked", async () => {
    const user = await signedInStaff(services, "recruiter");
    const guesses = Array.from({ length: 100 }, (_, i) =>
      signIn(services, new Request(ORIGIN), {
        email: user.email,
        password: `guess ${i}`,
        clientAddress: `203.0.113.${i}`,
      }),
    );
    const results = await Promise.all(guesses);
    // Each guess counts itself and every guess written before it, so how many of the first ten get through
    // depends on how the writes interleave; never more than ten.
    const checked = results.filter((r) => r.status === "invalid").length;
    expect(checked).toBeLessThanOrEqual(10);
    expect(results.filter((r) => r.status === "rate-limited")).toHaveLength(100 - checked);
    // From one address across many emails, the per-address limit holds the same way.
    const fromOne = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        signIn(services, new Request(ORIGIN), {
          email: `nobody-${i}@x.test`,
          password: "guess",
          clientAddress: "198.51.100.99",
        }),
      ),
    );
    expect(fromOne.filter((r) => r.status === "invalid").length).toBeLessThanOrEqual(30);
    clock.advance(16 * 60 * 1000);
  });

  it("a password change keeps this session and ends the others; the old password stops working", async () => {
    const user = await signedInStaff(services, "recruiter");
    const other = cookieFrom(await createStaffSession(services, new Request(ORIGIN), user.id));
    const next = "a brand new passphrase";
    const wrongCurrent = await run(
      account.action,
      request("/account", { cookie: user.cookie, form: { csrf: user.csrfToken, current: "nope", next, repeat: next } }),
      services,
    );
    expect(wrongCurrent.status).toBe(400);
    expect(await whoIs(services, other)).not.toBeNull();

    const changed = await run(
      account.action,
      request("/account", {
        cookie: user.cookie,
        form: { csrf: user.csrfToken, current: user.password, next, repeat: next },
      }),
      services,
    );
    expect(await changed.json()).toMatchObject({ done: true });
    expect(await whoIs(services, user.cookie)).not.toBeNull();
    expect(await whoIs(services, other)).toBeNull();
    expect((await signInForm(user.email, user.password)).status).toBe(400);
    expect((await signInForm(user.email, next)).status).toBe(302);
  });

  it("a deactivated user loses their sessions and cannot sign in", async () => {
    const user = await signedInStaff(services, "admin");
    await deactivateStaffUser(services, user.id);
    expect(await whoIs(services, user.cookie)).toBeNull();
    expect((await signInForm(user.email, user.password)).status).toBe(400);
  });

  it("an invited user sets a password through a one-time link, then signs in", async () => {
    const created = await createStaffUser(services, { email: "New.Person@Example.com", role: "recruiter" });
    if (created.status !== "created") throw new Error(created.message);
    expect(created.user.email).toBe("new.person@example.com");
    const token = created.user.setPasswordPath!.split("/").pop()!;
    expect((await signInForm("new.person@example.com", "")).status).toBe(400);
    expect(await setPasswordWithLink(services, token, "short")).toMatch(/at least 10 characters/);
    expect(await setPasswordWithLink(services, token, "my own passphrase")).toBe("done");
    expect(await findSetPasswordLink(services, token)).toBeNull();
    expect(await setPasswordWithLink(services, token, "someone else's one")).toBe("unknown-link");
    expect((await signInForm("new.person@example.com", "my own passphrase")).status).toBe(302);
    expect((await createStaffUser(services, { email: "new.person@example.com", role: "admin" })).status).toBe(
      "refused",
    );
  });
});
