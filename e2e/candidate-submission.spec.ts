import { createServer, type Server } from "node:http";
import { expect, test } from "./fixtures";
import { bakeCredentialIntoPng } from "#app/demo/bake-badge";
import { confirmEmailFromMail, openSubmissionForm, SHARE_HOST_PORT, signInAs, signTestBadge } from "./fixtures";

/** Stands in for a candidate's wallet: serves a credential on loopback, which the app allows in tests. */
let wallet: Server;
let walletBadge = "";
test.beforeAll(async () => {
  wallet = createServer((req, res) => {
    if (req.url === "/credentials/badge.json")
      res.writeHead(200, { "content-type": "application/ld+json" }).end(walletBadge);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => wallet.listen(SHARE_HOST_PORT, "127.0.0.1", resolve));
});
test.afterAll(() => new Promise<void>((resolve) => wallet.close(() => resolve())));

test("a candidate submits a share link and a baked badge and reads the receipt", async ({ page }) => {
  const person = { name: "Sam Baker", email: "sam.baker@example.com" };
  walletBadge = JSON.stringify(
    await signTestBadge(person, { name: "Sourdough Baking", url: "https://skills.example.org/sourdough" }),
  );
  const baked = bakeCredentialIntoPng(
    JSON.stringify(await signTestBadge(person, { name: "Cake Decorating", url: "https://skills.example.org/cakes" })),
  );

  await openSubmissionForm(page);
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page
    .getByLabel("Share links (one per line)")
    .fill(`http://127.0.0.1:${SHARE_HOST_PORT}/credentials/badge.json`);
  await page
    .getByLabel(/upload credential files/)
    .setInputFiles({ name: "cake-badge.png", mimeType: "image/png", buffer: baked });
  await page.getByLabel(/I consent/).check();
  await page.getByRole("button", { name: "Submit" }).click();

  const receipt = page.getByRole("region", { name: "Receipt" });
  await expect(receipt.getByRole("status")).toHaveCount(2);
  await expect(receipt.getByRole("status").filter({ hasText: "cake-badge.png" })).toContainText(
    "Cake Decorating Certificate” verified",
  );
  await expect(receipt.getByRole("status").filter({ hasText: "badge.json" })).toContainText(
    "Sourdough Baking Certificate” verified",
  );
  await expect(receipt.getByRole("link", { name: "withdraw my submission" })).toBeVisible();
});

test("a candidate withdraws, and recruiters no longer find them", async ({ page, browser }) => {
  const person = { name: "Wendy Withdrawn", email: "wendy.withdrawn@example.com" };
  const badge = await signTestBadge(person, { name: "Kite Surfing", url: "https://skills.example.org/kites" });
  await openSubmissionForm(page);
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Credential JSON").fill(JSON.stringify(badge));
  await page.getByLabel(/I consent/).check();
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByRole("region", { name: "Receipt" }).getByRole("status")).toContainText("verified");
  // The receipt shows the secret withdrawal link once: the candidate keeps it.
  const withdrawLink = await page.getByRole("link", { name: "withdraw my submission" }).getAttribute("href");
  expect(withdrawLink).toMatch(/^\/withdraw\//);
  // The mailed confirmation carries the same withdrawal link, for a candidate who closed the tab.
  const mail = await confirmEmailFromMail(page, person.email);
  expect(mail.text).toContain(withdrawLink!);

  // The recruiter works in a browser of their own; the candidate stays signed out.
  const recruiterContext = await browser.newContext();
  const recruiter = await recruiterContext.newPage();
  await signInAs(recruiter, "recruiter");
  await expect(async () => {
    await recruiter.goto(`/search?q=${encodeURIComponent(person.name)}`);
    await expect(recruiter.getByRole("link", { name: person.name })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  await page.goto(withdrawLink!);
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "Withdraw this submission" }).click();
  await expect(page.getByRole("heading", { name: "Your submission was withdrawn" })).toBeVisible();

  await expect(async () => {
    await recruiter.goto(`/search?q=${encodeURIComponent(person.name)}`);
    await expect(recruiter.getByText("No candidate matches this search.")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await recruiterContext.close();
});

test("an invitation link that does not exist says what to do", async ({ page }) => {
  const response = await page.goto("/submit/not-a-real-invitation");
  expect(response?.status()).toBe(404);
  await expect(page.getByText("Ask the employer for a new one.")).toBeVisible();
});
