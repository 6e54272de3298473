import { expect, test, type Page } from "@playwright/test";
import { confirmEmailFromMail, open, signInAs, signTestBadge, submitCredential } from "./fixtures";

/** The recruiter's view of a candidate found by name: the credentials on their page, once the index caught up. */
async function credentialsOf(recruiter: Page, name: string): Promise<string[]> {
  await expect(async () => {
    await open(recruiter, `/search?q=${encodeURIComponent(name)}`);
    await expect(recruiter.getByRole("link", { name })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await recruiter.getByRole("link", { name }).click();
  await expect(recruiter.getByRole("heading", { name, level: 1 })).toBeVisible();
  return (
    await recruiter.getByRole("article").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("aria-label") ?? ""))
  ).sort();
}

test("a candidate confirms their email through the mail and their second submission joins their record; an impostor with the same email joins nothing and erases nothing", async ({
  page,
  browser,
}) => {
  const ivy = { name: "Ivy Lindqvist", email: "ivy.lindqvist@example.com" };
  const first = await signTestBadge(ivy, {
    name: "Orchard Pruning",
    url: "https://skills.example.org/orchard-pruning",
  });
  const receipt = await submitCredential(page, ivy, JSON.stringify(first), { confirm: false });
  await expect(receipt.getByRole("status").first()).toContainText("verified");
  await expect(page.getByText("We mailed a confirmation link")).toBeVisible();
  const mail = await confirmEmailFromMail(page, ivy.email);
  expect(mail.subject).toMatch(/Confirm your email/);
  expect(mail.text).toContain("Orchard Pruning Certificate");

  // An impostor types Ivy's email (and another name) into the same public form, and then uses their own link.
  const impostorPage = await (await browser.newContext()).newPage();
  const forged = await signTestBadge(
    { name: "HACKED", email: ivy.email },
    { name: "Diploma Mill Degree", url: "https://skills.example.org/diploma-mill" },
  );
  const impostorReceipt = await submitCredential(
    impostorPage,
    { name: "HACKED by Mallory", email: ivy.email },
    JSON.stringify(forged),
    { confirm: false },
  );
  await expect(impostorReceipt.getByText("We mailed a confirmation link")).toBeVisible();
  const impostorWithdraw = await impostorPage
    .getByRole("link", { name: "withdraw my submission" })
    .getAttribute("href");
  await impostorPage.goto(impostorWithdraw!);
  await impostorPage.waitForLoadState("networkidle");
  await expect(impostorPage.getByText(/1 credential and/)).toBeVisible();
  await impostorPage.getByRole("button", { name: "Withdraw this submission" }).click();
  await expect(impostorPage.getByRole("heading", { name: "Your submission was withdrawn" })).toBeVisible();

  // Ivy's second credential joins her record once she confirms again.
  const second = await signTestBadge(ivy, { name: "Grafting", url: "https://skills.example.org/grafting" });
  await submitCredential(page, ivy, JSON.stringify(second));

  const recruiterContext = await browser.newContext();
  const recruiter = await recruiterContext.newPage();
  await signInAs(recruiter, "recruiter");
  await expect(async () => {
    expect(await credentialsOf(recruiter, ivy.name)).toEqual(["Grafting Certificate", "Orchard Pruning Certificate"]);
  }).toPass({ timeout: 20_000 });
  await expect(recruiter.getByRole("heading", { name: "HACKED by Mallory" })).toHaveCount(0);
  await open(recruiter, `/search?q=${encodeURIComponent("HACKED")}`);
  await expect(recruiter.getByText("No candidate matches this search.")).toBeVisible();
  await recruiterContext.close();
});
