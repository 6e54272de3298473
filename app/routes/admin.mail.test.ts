/**
 * Without SMTP_URL, mail waits in the outbox: the log says once that a mail is waiting (never its address or link),
 * and admins, and only admins, read it on the Outgoing mail page.
 */
import type { DatabaseHandle } from "#db/client.server";
import { queueMail } from "#db/queries/mail.server";
import { testDatabaseKinds } from "#db/test-databases";
import { createMailer } from "#app/mail/mailer.server";
import type { Services } from "#app/services.server";
import { request, run, signedInStaff, testServices } from "#app/auth/test-helpers";
import * as mailRoute from "./admin.mail";

const SECRET_LINK = "http://attest.test/confirm/tok_3f9a1c7e";
const ADDRESS = "ada.candidate@example.com";

describe.each(testDatabaseKinds())("the outbox without SMTP on $name", (kind) => {
  let handle: DatabaseHandle;
  let services: Services;
  beforeAll(async () => {
    handle = await kind.open();
    services = await testServices(handle);
  });
  afterAll(() => handle?.close());

  it("logs one line that a mail is waiting, naming neither the address nor the link", async () => {
    const lines: string[] = [];
    const mailer = createMailer({
      db: handle.db,
      now: () => new Date(),
      log: (line) => lines.push(line),
      send: null,
      from: "Attest <a@b>",
    });
    await queueMail(handle.db, { to: ADDRESS, subject: "Confirm your email", body: `Open ${SECRET_LINK}` }, new Date());
    mailer.nudge();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("waiting in the outbox");
    expect(lines[0]).not.toContain(ADDRESS);
    expect(lines[0]).not.toContain("tok_");
    expect(mailer.mode).toBe("outbox");
    expect((await mailer.flush()).waiting).toBeGreaterThanOrEqual(1);
    await mailer.stop();
  });

  it("shows the waiting mail, link included, to an admin and to no other role", async () => {
    const admin = await signedInStaff(services, "admin");
    const page = await run(mailRoute.loader, request("/admin/mail", { cookie: admin.cookie }), services);
    expect(page.status).toBe(200);
    const { mode, mails } = (await page.json()) as {
      mode: string;
      mails: Array<{ toAddress: string; body: string; sentAt: string | null }>;
    };
    expect(mode).toBe("outbox");
    expect(mails.find((m) => m.toAddress === ADDRESS)).toMatchObject({
      body: expect.stringContaining(SECRET_LINK),
      sentAt: null,
    });

    for (const role of ["recruiter", "verifier"] as const) {
      const other = await signedInStaff(services, role);
      const refused = await run(mailRoute.loader, request("/admin/mail", { cookie: other.cookie }), services);
      expect(refused.status).toBe(403);
      expect(await refused.text()).not.toContain(SECRET_LINK);
    }
  });
});
