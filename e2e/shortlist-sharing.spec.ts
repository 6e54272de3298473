import { expect, expectNoSeriousA11yViolations, signInAs, test } from "./fixtures";

test("a recruiter shares a shortlist read-only with a hiring manager, who reads it without an account, until the link is revoked", async ({
  page,
}, testInfo) => {
  await signInAs(page, "recruiter", "/search");
  const candidate = page.getByRole("list").locator("li.result").first().getByRole("link").first();
  const name = (await candidate.textContent())!.trim();
  await candidate.click();
  await page.getByRole("combobox", { name: "Shortlist", exact: true }).fill("Share drill: platform team");
  await page.getByRole("textbox", { name: "Note", exact: true }).fill("internal: salary talk pending");
  await page.getByRole("button", { name: "Save to shortlist" }).click();
  await page.getByRole("status").getByRole("link", { name: "Share drill: platform team" }).click();
  await expect(page).toHaveURL(/\/shortlists\/list_/);
  await page.waitForLoadState("networkidle");
  const shortlistPath = new URL(page.url()).pathname;

  const sharing = page.getByRole("region", { name: "Share with a hiring manager" });
  await expect(sharing.getByText("No share links yet.")).toBeVisible();
  await expect(sharing.getByLabel("Link works for")).toHaveValue("7");
  await sharing.getByLabel("For whom").fill("Dana (hiring manager)");
  await sharing.getByRole("button", { name: "Create share link" }).click();
  await expect(sharing.getByRole("status").first()).toContainText("Share link made for Dana (hiring manager)");
  const link = await sharing.getByRole("textbox", { name: "New share link" }).inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/shared\/[A-Za-z0-9_-]{43}$/);
  const row = sharing.getByRole("list", { name: "Share links" }).getByRole("listitem").first();
  await expect(row).toContainText("Dana (hiring manager)");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("not opened yet");
  for (const [width, height] of [
    [390, 844],
    [1366, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: testInfo.outputPath(`shortlist-share-staff-${width}.png`), fullPage: true });
  }

  // The hiring manager has no account: a browser with no session opens the link.
  await page.context().clearCookies();
  const response = (await page.goto(link))!;
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("private, no-store");
  expect(response.headers()["referrer-policy"]).toBe("no-referrer");
  expect(response.headers()["x-robots-tag"]).toBe("noindex, nofollow");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex, nofollow");
  await expect(page.getByRole("heading", { level: 1, name: "Share drill: platform team" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Verified skills" }).first()).toBeVisible();
  await expect(
    page.getByText(/\d+ credentials? · (registered issuer|issuer not on the registry)/).first(),
  ).toBeVisible();
  // Read-only and self-contained: no form, no navigation, no link into staff pages, no email, no staff note.
  await expect(page.locator("form")).toHaveCount(0);
  await expect(page.getByRole("navigation")).toHaveCount(0);
  await expect(page.locator('a[href]:not([href^="#"])')).toHaveCount(0);
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  expect(text).not.toContain("salary talk");
  await page
    .getByText(/^Evidence: \d+ verified credentials?$/)
    .first()
    .click();
  await expectNoSeriousA11yViolations(page, "the shared shortlist");
  for (const [width, height] of [
    [390, 844],
    [1366, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: testInfo.outputPath(`shortlist-shared-${width}.png`), fullPage: true });
  }

  // The link only reads: a POST to it is refused and shows nothing of the list.
  const posted = await page.request.post(link, { form: { intent: "remove" }, maxRedirects: 0 });
  expect(posted.status()).toBe(405);
  expect(await posted.text()).not.toContain(name);

  await signInAs(page, "recruiter", shortlistPath);
  await expect(row).toContainText("opened once");
  await expect(page.getByRole("link", { name })).toBeVisible();
  await sharing.getByRole("button", { name: "Revoke the link for Dana (hiring manager)" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Share link revoked" })).toBeVisible();
  await expect(row).toContainText("Revoked");
  await expect(sharing.getByRole("button", { name: /^Revoke/ })).toHaveCount(0);

  await page.context().clearCookies();
  const dead = (await page.goto(link))!;
  expect(dead.status()).toBe(404);
  expect(dead.headers()["cache-control"]).toBe("private, no-store");
  await expect(page.getByRole("heading", { level: 1, name: "This link does not work" })).toBeVisible();
  await expect(page.getByText(/withdrew this link/)).toBeVisible();
  await expect(page).toHaveTitle("This link does not work · Attest");
  await expect(page.getByText(name)).toHaveCount(0);
  await expect(page.locator('a[href]:not([href^="#"])')).toHaveCount(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("shortlist-shared-revoked-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("shortlist-shared-revoked-1366.png"), fullPage: true });
});
