/**
 * Proving an email: the confirmation mail leaves through a real SMTP server started here (smtp-server, from the
 * nodemailer project), is read back from it, and its link joins the submission to the candidate's record.
 */
import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { DatabaseHandle } from "#db/client.server";
import { candidates, credentials, mailOutbox } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";
import {
  createInvitation,
  requireOpenInvitation,
  submitThroughInvitation,
  withdrawSubmission,
} from "#app/ingest/public-submission.server";
import { submitItems } from "#app/ingest/submit.server";
import { createMailer, type Mailer } from "#app/mail/mailer.server";
import { startSmtpCatcher, type SmtpCatcher } from "#app/mail/smtp-catcher.server";
import { createVerifier } from "#app/verification/verifier.server";
import { getCandidateProfile } from "#app/recruiting/candidate-profile.server";
import { listReviewQueue } from "#app/review/queue.server";
import { parseQueueQuery } from "#app/review/queue-params";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import { drainOutbox } from "#search/sync.server";
import { checkConfirmationLink, confirmEmail, eraseEverythingByLink, requestFullErasure } from "./identity.server";
import { linkFromOutbox } from "./test-helpers";

describe.each(testDatabaseKinds())("confirming a candidate's email on $name", (kind) => {
  let handle: DatabaseHandle;
  let smtp: SmtpCatcher;
  let mailer: Mailer;
  let issuer: Awaited<ReturnType<typeof generateIssuerKey>>;
  let clock = new Date("2026-06-01T12:00:00Z");
  const now = () => clock;
  const logged: string[] = [];
  const deps = () => ({ db: handle.db, verify: createVerifier(now), now, publicUrl: "http://attest.test", mailer });

  beforeAll(async () => {
    handle = await kind.open();
    smtp = await startSmtpCatcher();
    const transport = nodemailer.createTransport(smtp.url);
    mailer = createMailer({
      db: handle.db,
      now,
      log: (m) => logged.push(m),
      send: (m) => transport.sendMail(m),
      from: "Attest <attest@test>",
    });
    issuer = await generateIssuerKey({ name: "Confirm College" });
  });
  afterAll(async () => {
    await mailer?.stop();
    await smtp?.close();
    await handle?.close();
  });

  const badge = async (email: string, achievement: string) => [
    {
      type: "text" as const,
      source: "pasted text",
      text: JSON.stringify(
        await issueOpenBadge(issuer, {
          subject: { name: "Someone", email },
          achievement: { name: achievement, description: `${achievement}, assessed.`, alignments: [] },
          validFrom: new Date("2026-01-01T00:00:00Z"),
        }),
      ),
    },
  ];

  async function submitByForm(name: string, email: string, achievement: string) {
    const invitation = await requireOpenInvitation(
      deps(),
      (await createInvitation(handle.db, "Open applications")).token,
    );
    const result = await submitThroughInvitation(deps(), {
      invitation,
      clientAddress: `198.51.100.${Math.floor(Math.random() * 200)}`,
      details: { name, email, consent: true },
      inputs: await badge(email, achievement),
    });
    if (result.status !== "done") throw new Error("rate-limited");
    return result;
  }

  const caughtFor = (to: string) => smtp.caught.filter((m) => m.to === to);
  const tokenIn = (text: string, kind: string) =>
    new RegExp(`http://attest\\.test/${kind}/([\\w-]+)`).exec(text)?.[1] ?? "";
  const achievementsOf = async (candidateId: string) =>
    (await handle.db.select().from(credentials).where(eq(credentials.candidateId, candidateId)))
      .map((c) => c.achievementName)
      .sort();

  it("mails the receipt, the withdrawal link and a one-time confirmation link; following it joins the candidate's record", async () => {
    const [known] = await submitItems(
      deps(),
      { name: "Carla Known", email: "carla@example.com", consent: true },
      await badge("carla@example.com", "Welding"),
    );
    const knownId = known.status === "stored" ? known.candidateId : "";
    const impostor = await submitByForm("HACKED", "carla@example.com", "Forgery 101");
    const carla = await submitByForm("Carla Known-Smith", "carla@example.com", "Forklift Safety");
    expect(carla.confirmationMailed).toBe(true);
    await mailer.flush();

    const [, mail] = caughtFor("carla@example.com");
    expect(mail.subject).toMatch(/Confirm your email/);
    expect(mail.text).toContain("“Forklift Safety” verified.");
    expect(mail.text).toContain(`http://attest.test${carla.withdrawPath}`);
    const token = tokenIn(mail.text, "confirm");
    expect(await checkConfirmationLink(deps(), token)).toEqual({ ok: true, value: null });

    // Unconfirmed, nothing joined: the record keeps its name and its one credential.
    expect(await achievementsOf(knownId)).toEqual(["Welding"]);
    expect(await confirmEmail(deps(), token)).toEqual({ ok: true, value: { candidateId: knownId, joined: true } });
    expect(await achievementsOf(knownId)).toEqual(["Forklift Safety", "Welding"]);
    const [record] = await handle.db.select().from(candidates).where(eq(candidates.id, knownId));
    expect(record.displayName).toBe("Carla Known-Smith");

    // The impostor's pending submission joined nothing, and its withdrawal link erases only its own credential.
    expect(await withdrawSubmission({ db: handle.db }, impostor.withdrawPath!.split("/").pop()!)).toBe(true);
    expect(await achievementsOf(knownId)).toEqual(["Forklift Safety", "Welding"]);
    // Carla's own link withdraws exactly what she sent, even after it joined her record.
    expect(await withdrawSubmission({ db: handle.db }, carla.withdrawPath!.split("/").pop()!)).toBe(true);
    expect(await achievementsOf(knownId)).toEqual(["Welding"]);
    // The log never names the address, a token or a link.
    expect(logged.join("\n")).not.toMatch(/carla@|attest\.test|\/confirm\//);
  });

  it("a used, expired or forged link says so in a sentence and changes nothing", async () => {
    await submitByForm("Dora", "dora@example.com", "Forklift Safety");
    const token = await linkFromOutbox(handle.db, "dora@example.com", "confirm");
    const [pending] = await handle.db.select().from(candidates).where(eq(candidates.email, "dora@example.com"));
    expect(pending.identity).toBe("pending");
    // Staff see it, marked; search does not hold it until the address is confirmed (decision 011).
    expect((await getCandidateProfile(handle.db, pending.id))?.candidate.emailConfirmed).toBe(false);
    const queue = await listReviewQueue(handle.db, parseQueueQuery(new URLSearchParams()));
    expect(queue.items.find((item) => item.candidateId === pending.id)?.emailConfirmed).toBe(false);
    const search = createEmbeddedEngine();
    await search.prepare();
    await drainOutbox({ db: handle.db, search });
    expect(await search.getDocuments([pending.id])).toEqual([]);

    expect(await confirmEmail(deps(), "forged-token")).toMatchObject({
      ok: false,
      problem: "unknown",
      message: expect.stringMatching(/Nothing was changed/),
    });
    clock = new Date("2026-06-09T12:00:00Z");
    expect(await confirmEmail(deps(), token)).toMatchObject({ ok: false, problem: "expired" });
    clock = new Date("2026-06-01T12:00:00Z");
    expect((await handle.db.select().from(candidates).where(eq(candidates.id, pending.id)))[0].identity).toBe(
      "pending",
    );

    expect(await confirmEmail(deps(), token)).toMatchObject({
      ok: true,
      value: { candidateId: pending.id, joined: false },
    });
    expect(await confirmEmail(deps(), token)).toMatchObject({ ok: false, problem: "used" });
    expect((await handle.db.select().from(candidates).where(eq(candidates.id, pending.id)))[0].identity).toBe(
      "confirmed",
    );
    await drainOutbox({ db: handle.db, search });
    expect(await search.getDocuments([pending.id])).toHaveLength(1);
    expect((await getCandidateProfile(handle.db, pending.id))?.candidate.emailConfirmed).toBe(true);
  });

  it("mail the SMTP server refuses stays in the outbox, is retried later, and the submission is kept", async () => {
    smtp.refusing = true;
    const result = await submitByForm("Eve Early", "eve@example.com", "Pallet Stacking");
    expect(result.receipt[0].credentialId).toBeDefined();
    await mailer.flush(); // after the attempt the submission's commit started
    const [waiting] = await handle.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, "eve@example.com"));
    expect(waiting).toMatchObject({ sentAt: null, attempts: 1 });
    expect(waiting.lastError).toMatch(/451/);

    smtp.refusing = false;
    expect(await mailer.flush()).toMatchObject({ sent: 0 }); // not due yet
    clock = new Date(clock.getTime() + 5 * 60_000);
    expect(await mailer.flush()).toMatchObject({ failed: 0 });
    expect(caughtFor("eve@example.com")).toHaveLength(1);
    clock = new Date("2026-06-01T12:00:00Z");
  });

  it("'erase everything about me' erases only through the link mailed to the address", async () => {
    const [known] = await submitItems(
      deps(),
      { name: "Fay", email: "fay@example.com", consent: true },
      await badge("fay@example.com", "Welding"),
    );
    await submitByForm("Fay", "fay@example.com", "Forklift Safety");
    expect(await requestFullErasure(deps(), "fay@example.com")).toBe("sent");
    expect(await requestFullErasure(deps(), "fay@example.com")).toBe("already-sent");
    await mailer.flush();
    const mail = caughtFor("fay@example.com").find((m) => /erase everything/i.test(m.subject));
    if (!mail) throw new Error(`no erasure mail among ${JSON.stringify(smtp.caught.map((m) => [m.to, m.subject]))}`);
    const token = tokenIn(mail.text, "erase");
    expect(await eraseEverythingByLink(deps(), "not-the-token")).toMatchObject({ ok: false, problem: "unknown" });
    expect(await handle.db.select().from(candidates).where(eq(candidates.email, "fay@example.com"))).toHaveLength(2);
    expect(await eraseEverythingByLink(deps(), token)).toEqual({ ok: true, value: { candidates: 2 } });
    expect(await handle.db.select().from(candidates).where(eq(candidates.email, "fay@example.com"))).toHaveLength(0);
    expect(known.status).toBe("stored");
  });
});
