/**
 * A real SMTP server that catches mail, for tests, the end-to-end run and the stress scenarios (smtp-server and
 * mailparser, from the nodemailer project; development dependencies, so nothing the app serves imports this).
 * Attest sends to it through SMTP_URL exactly as it would to a real relay.
 */
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  to: string;
  subject: string;
  text: string;
}

export interface SmtpCatcher {
  url: string;
  /** Every mail caught so far, oldest first. */
  caught: CaughtMail[];
  /** While true, every recipient is answered 451 (a relay having a bad day), so senders must retry. */
  refusing: boolean;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (`port`, or a free one); `onMail` sees each mail as it arrives. */
export async function startSmtpCatcher(
  options: { port?: number; onMail?: (mail: CaughtMail) => void } = {},
): Promise<SmtpCatcher> {
  const catcher = { caught: [] as CaughtMail[], refusing: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (catcher.refusing) return callback(Object.assign(new Error("mailbox busy, try later"), { responseCode: 451 }));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
          const mail = { to: to?.value[0]?.address ?? "", subject: parsed.subject ?? "", text: parsed.text ?? "" };
          catcher.caught.push(mail);
          options.onMail?.(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(catcher, {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
