/**
 * A real SMTP server for the end-to-end run (smtp-server, from the nodemailer project): the app under test sends
 * its mail here (SMTP_URL in playwright.config.ts), and each message is written to a folder as JSON, where the
 * specs read it (`readMail` in fixtures.ts). Started by Playwright's global setup, stopped by its teardown.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export const E2E_MAIL_DIR = path.resolve(".data/e2e-mail");
export const e2eSmtpPort = () => Number(process.env.E2E_PORT ?? 3100) + 2000;

export default async function startMailCatcher() {
  rmSync(E2E_MAIL_DIR, { recursive: true, force: true });
  mkdirSync(E2E_MAIL_DIR, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
          const message = { to: to?.value[0]?.address ?? "", subject: mail.subject ?? "", text: mail.text ?? "" };
          writeFileSync(path.join(E2E_MAIL_DIR, `${String(++count).padStart(5, "0")}.json`), JSON.stringify(message));
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(e2eSmtpPort(), "127.0.0.1", resolve));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
