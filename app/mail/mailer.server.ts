import nodemailer from "nodemailer";
import type { Database } from "#db/client.server";
import { listDueMail, markMailFailed, markMailSent } from "#db/queries/mail.server";

/** Sends one message; nodemailer's SMTP transport in the app, anything with the same shape in tests. */
export type SendMail = (message: { from: string; to: string; subject: string; text: string }) => Promise<unknown>;

export interface Mailer {
  /** Delivers what is due in the outbox now (soon after a commit that queued mail); never throws. */
  nudge(): void;
  /** Delivers what is due and waits for it: the CLI and tests. */
  flush(): Promise<DeliveryResult>;
  /** "smtp" when mail leaves the machine, "outbox" when it waits for an admin to read it. */
  readonly mode: "smtp" | "outbox";
  stop(): Promise<void>;
}

export interface DeliveryResult {
  sent: number;
  failed: number;
  waiting: number;
}

export interface MailerDeps {
  db: Database;
  now: () => Date;
  log: (message: string) => void;
  /** Null: no SMTP server configured, so mail stays in the outbox for admins. */
  send: SendMail | null;
  from: string;
}

const MINUTE = 60_000;

/** Retry after 1, 2, 4 … minutes, at most an hour apart: a server that is down for a while loses nothing. */
export function nextAttemptDelay(attempts: number): number {
  return Math.min(60 * MINUTE, MINUTE * 2 ** Math.max(0, attempts));
}

/**
 * Reads `SMTP_URL` (e.g. `smtp://user:pass@mail.example.com:587`) and `ATTEST_MAIL_FROM`. Without SMTP_URL, mail
 * is kept in the outbox table (the "Outgoing mail" page).
 */
export function mailerOptionsFromEnv(env: NodeJS.ProcessEnv): { send: SendMail | null; from: string } {
  const from = env.ATTEST_MAIL_FROM?.trim() || "Attest <attest@localhost>";
  if (!env.SMTP_URL) return { send: null, from };
  const transport = nodemailer.createTransport(env.SMTP_URL);
  return { send: (message) => transport.sendMail(message), from };
}

/**
 * The outbox's delivery: every mail was committed to `mail_outbox` with what it is about; this sends what is
 * due, marks each sent, and on failure schedules a retry. The log names how many mails moved, never an address,
 * a subject or a link (they carry secrets).
 */
export function createMailer(deps: MailerDeps, intervalMs = 60_000): Mailer {
  // One delivery at a time, each starting after the last: a flush always sees the mail queued before it.
  let queue: Promise<unknown> = Promise.resolve();
  const deliver = async (): Promise<DeliveryResult> => {
    if (!deps.send) return { sent: 0, failed: 0, waiting: (await listDueMail(deps.db, deps.now())).length };
    const due = await listDueMail(deps.db, deps.now());
    let sent = 0;
    let failed = 0;
    for (const mail of due) {
      try {
        await deps.send({ from: deps.from, to: mail.toAddress, subject: mail.subject, text: mail.body });
        await markMailSent(deps.db, mail.id, deps.now());
        sent++;
      } catch (error) {
        failed++;
        const reason = error instanceof Error ? error.message : String(error);
        await markMailFailed(
          deps.db,
          mail.id,
          reason,
          new Date(deps.now().getTime() + nextAttemptDelay(mail.attempts)),
        );
      }
    }
    if (failed) deps.log(`mail: ${failed} could not be sent and will be retried from the outbox; ${sent} sent`);
    return { sent, failed, waiting: 0 };
  };
  const flush = () => {
    const next = queue.then(deliver, deliver);
    queue = next.catch(() => {});
    return next;
  };
  const nudge = () => {
    // Called once per commit that queued mail: without SMTP that mail waits for an admin, which the log says once.
    if (!deps.send)
      return deps.log("mail: a mail is waiting in the outbox (no SMTP_URL); admins read it on the Outgoing mail page");
    flush().catch((error: unknown) =>
      deps.log(`mail: delivery failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  const timer = setInterval(() => deps.send && nudge(), intervalMs);
  timer.unref();
  return {
    nudge,
    flush,
    mode: deps.send ? "smtp" : "outbox",
    stop: async () => {
      clearInterval(timer);
      await queue;
    },
  };
}
