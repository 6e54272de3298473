/**
 * A real SMTP server for the end-to-end run (smtp-server, from the nodemailer project): the app under test sends
 * its mail here (SMTP_URL in playwright.config.ts), and each message is written to a folder as JSON, where the
 * specs read it (`readMail` in fixtures.ts). Started by Playwright's global setup, stopped by its teardown.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startSmtpCatcher } from "#app/mail/smtp-catcher.server";

export const E2E_MAIL_DIR = path.resolve(".data/e2e-mail");
export const e2eSmtpPort = () => Number(process.env.E2E_PORT ?? 3100) + 2000;

export default async function startMailCatcher() {
  rmSync(E2E_MAIL_DIR, { recursive: true, force: true });
  mkdirSync(E2E_MAIL_DIR, { recursive: true });
  let count = 0;
  const catcher = await startSmtpCatcher({
    port: e2eSmtpPort(),
    onMail: (mail) =>
      writeFileSync(path.join(E2E_MAIL_DIR, `${String(++count).padStart(5, "0")}.json`), JSON.stringify(mail)),
  });
  return () => catcher.close();
}
