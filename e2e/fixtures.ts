import { appendFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test as base, type Page } from "@playwright/test";
import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";
import { expectNoSeriousA11yViolations } from "./axe";
import { E2E_MAIL_DIR } from "./mail-catcher";
import { pageKind } from "./page-kind";

export { expectNoSeriousA11yViolations };

export { expect };

/** Every request the journeys' browsers sent, one JSON line each, for e2e/log-hygiene.spec.ts. */
export const TRAFFIC_FILE = path.resolve(".data/e2e-traffic.jsonl");
/** The server's output during the run (playwright.config.ts tees it here). */
export const SERVER_LOG_FILE = path.resolve(".data/e2e-server.log");

export interface RecordedRequest {
  url: string;
  method: string;
  postData: string | null;
  contentType: string | null;
}

/**
 * Playwright's test, with every request a journey's browser sends written to TRAFFIC_FILE: the emails, passwords,
 * invitation and withdrawal tokens, set-password links and share links the journeys used, which the log-hygiene
 * spec then looks for in the server log. Content-Security-Policy violations are recorded too.
 */
export const test = base.extend<{ recordTraffic: void; accessibility: void }>({
  recordTraffic: [
    async ({ context }, use) => {
      mkdirSync(path.dirname(TRAFFIC_FILE), { recursive: true });
      const write = (entry: object) => appendFileSync(TRAFFIC_FILE, `${JSON.stringify(entry)}\n`);
      context.on("request", (request) =>
        write({
          url: request.url(),
          method: request.method(),
          postData: request.postDataBuffer()?.toString("utf8") ?? null,
          contentType: request.headers()["content-type"] ?? null,
        } satisfies RecordedRequest),
      );
      context.on("console", (message) => {
        if (/Content.Security.Policy/i.test(message.text())) write({ cspViolation: message.text().slice(0, 500) });
      });
      await use();
    },
    { auto: true },
  ],
  /**
   * Every page a journey's `page` loaded is opened again when the journey has passed, and checked with axe-core
   * (e2e/axe.ts): no serious or critical violation anywhere a journey goes, without each spec listing its pages.
   * Downloads and sign-out are not pages, and are not opened again. A page of a kind already checked in this run
   * (same route, same query parameters) is not checked again: nearly every journey passes the sign-in page and the
   * search page, and checking each of them forty times made the e2e run minutes longer for nothing new.
   */
  accessibility: [
    async ({ page, baseURL }, use, testInfo) => {
      const visited = new Set<string>();
      page.on("load", () => {
        const url = new URL(page.url());
        if (url.origin === new URL(baseURL!).origin && !/\/(export|sign-out)(\/|$)/.test(url.pathname))
          visited.add(url.pathname + url.search);
      });
      await use();
      if (testInfo.status !== testInfo.expectedStatus) return;
      for (const path of visited) {
        const kind = pageKind(path);
        if (checkedPageKinds.has(kind)) continue;
        checkedPageKinds.add(kind);
        await page.goto(path);
        await page.waitForLoadState("networkidle");
        await expectNoSeriousA11yViolations(page, path);
      }
    },
    { auto: true },
  ],
});

/** The kinds of page the `accessibility` fixture has checked in this worker (the e2e run has one worker). */
const checkedPageKinds = new Set<string>();

/** The loopback port where tests serve share links; the app under test allows it (playwright.config.ts). */
export const SHARE_HOST_PORT = 3199;

/**
 * A credential signed for real by a fresh test issuer, with a skill no demo candidate holds, so a test can tell
 * its own candidate apart from the seeded ones.
 */
export async function signTestBadge(person: { name: string; email: string }, skill: { name: string; url: string }) {
  const issuer = await generateIssuerKey({ name: "End-to-end Test College" });
  return issueOpenBadge(issuer, {
    subject: person,
    achievement: {
      name: `${skill.name} Certificate`,
      description: `Demonstrated ${skill.name.toLowerCase()} in a supervised practical assessment.`,
      achievementType: "Certificate",
      alignments: [{ targetName: skill.name, targetUrl: skill.url }],
    },
    validFrom: new Date(Date.now() - 24 * 60 * 60 * 1000),
  });
}

/**
 * Signs in through the real sign-in page as one of the demo staff accounts, reading the published demo password
 * off the page as a newcomer would. Starts at `path` (default the home page), which sends a signed-out visitor to
 * sign in and back, and waits until the page is hydrated.
 */
export async function signInAs(page: Page, role: "recruiter" | "verifier" | "admin", path = "/") {
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.waitForLoadState("networkidle");
  const demo = page.getByRole("region", { name: "Demo accounts" });
  const password = (await demo.locator("code").first().textContent())!;
  await page.getByLabel("Email").fill(`${role}@demo.attest`);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await page.waitForLoadState("networkidle");
}

/** Opens a page and waits for hydration too: text typed into a form before React hydrates it can be lost. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
}

/** Candidates reach the form through an invitation link; the demo data has one, linked from /submit. */
export async function openSubmissionForm(page: Page) {
  await open(page, "/submit");
  await page.getByRole("link", { name: "demo invitation" }).click();
  await expect(page.getByRole("heading", { name: "Submit a credential" })).toBeVisible();
  await page.waitForLoadState("networkidle");
}

/**
 * The candidate's side: pastes a credential into the demo invitation's public form and, unless told not to,
 * confirms their email through the mail it sends (so the submission joins their record and search); returns the
 * receipt.
 */
export async function submitCredential(
  page: Page,
  person: { name: string; email: string },
  credentialText: string,
  options: { confirm?: boolean } = {},
) {
  await openSubmissionForm(page);
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Credential JSON").fill(credentialText);
  await page.getByLabel(/I consent/).check();
  // Links already mailed to this address (an impostor's, say) are not this submission's: its own mail may arrive
  // a moment after the receipt shows.
  const mailedBefore = confirmLinksMailedTo(person.email);
  await page.getByRole("button", { name: "Submit" }).click();
  const receipt = page.getByRole("region", { name: "Receipt" });
  // Verifying, storing and mailing: the first submission after the server starts also warms its verification
  // threads, which on a busy 2-core CI machine took longer than the default 5 s.
  await expect(receipt).toBeVisible({ timeout: 30_000 });
  const mailed = await page.getByText("We mailed a confirmation link").isVisible();
  if (options.confirm !== false && mailed) await confirmEmailFromMail(page, person.email, mailedBefore);
  return receipt;
}

type CaughtMail = { to: string; subject: string; text: string };

/** Every mail caught for `to` so far (e2e/mail-catcher.ts), newest first. */
function readMailsTo(to: string): CaughtMail[] {
  return readdirSync(E2E_MAIL_DIR)
    .sort()
    .reverse()
    .map((name) => JSON.parse(readFileSync(`${E2E_MAIL_DIR}/${name}`, "utf8")) as CaughtMail)
    .filter((mail) => mail.to === to);
}

/** The newest mail caught for `to` whose text matches `pattern`, waiting for it to arrive. */
export async function readMail(
  to: string,
  pattern: RegExp,
  skip: (text: string) => boolean = () => false,
): Promise<{ subject: string; text: string }> {
  let found: CaughtMail | undefined;
  await expect(async () => {
    found = readMailsTo(to).find((mail) => pattern.test(mail.text) && !skip(mail.text));
    expect(found, `a mail to ${to}`).toBeDefined();
  }).toPass({ timeout: 15_000 });
  return found!;
}

/** Confirmation links this run has followed: a person who submits twice gets two mails. */
const followedLinks = new Set<string>();
const confirmLinkIn = (text: string) => /https?:\/\/\S+\/confirm\/[\w-]+/.exec(text)?.[0] ?? "";
/** The confirmation links already mailed to `to`. */
const confirmLinksMailedTo = (to: string) =>
  new Set(
    readMailsTo(to)
      .map((mail) => confirmLinkIn(mail.text))
      .filter(Boolean),
  );

/**
 * The candidate opens the confirmation mail (caught by the test's SMTP server) in a tab of their own and confirms
 * their address, as a person who reads their mail would; the submission then joins their record.
 */
export async function confirmEmailFromMail(page: Page, email: string, mailedBefore = new Set<string>()) {
  // The newest confirmation this test has not followed yet (a person who submits twice gets two mails), and not
  // one that was waiting before this submission.
  const mail = await readMail(email, /\/confirm\//, (text) => {
    const link = confirmLinkIn(text);
    return followedLinks.has(link) || mailedBefore.has(link);
  });
  const link = confirmLinkIn(mail.text);
  followedLinks.add(link);
  const tab = await page.context().newPage();
  await tab.goto(new URL(link).pathname);
  await tab.waitForLoadState("networkidle");
  await tab.getByRole("button", { name: "Confirm my email" }).click();
  await expect(tab.getByRole("heading", { name: "Your email is confirmed" })).toBeVisible();
  await tab.close();
  return mail;
}
