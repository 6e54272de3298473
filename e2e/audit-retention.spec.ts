import { expect, test } from "./fixtures";
import { signInAs } from "./fixtures";

const shots = process.env.E2E_SCREENSHOTS_DIR;

test("an admin erases a candidate, and the audit trail shows the view and a tombstone without their name", async ({
  page,
}) => {
  await signInAs(page, "admin", "/search");
  const first = page.locator('a[href^="/candidates/"]').first();
  const href = (await first.getAttribute("href"))!;
  const candidateId = href.split("/").pop()!.split(/[?#]/)[0];
  await page.goto(href);
  const name = (await page.getByRole("heading", { level: 1 }).textContent())!;

  await page.getByText("Erase this candidate").click();
  if (shots) await page.screenshot({ path: `${shots}/candidate-erase.png`, fullPage: false });
  await page.getByLabel(/I understand that this erases everything/).check();
  await page.getByRole("button", { name: "Erase candidate" }).click();

  await expect(page).toHaveURL(new RegExp(`/admin/audit\\?subjectType=candidate&subjectId=${candidateId}`));
  const rows = page.getByRole("region", { name: "Audit entries" }).getByRole("row");
  await expect(rows.filter({ hasText: "Erased a candidate (by an admin; " })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Viewed a candidate's records" })).not.toHaveCount(0);
  await expect(page.getByRole("region", { name: "Audit entries" })).not.toContainText(name);

  await page.goto(href);
  await expect(page.getByText(/No candidate with this id exists/)).toBeVisible();

  await page.goto("/admin/audit");
  await expect(rows.first()).toBeVisible();
  if (shots) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${shots}/audit-wide.png`, fullPage: true });
    await page.setViewportSize({ width: 400, height: 900 });
    await page.screenshot({ path: `${shots}/audit-narrow.png`, fullPage: true });
    await page.goto("/admin/audit?from=2099-01-01");
    await page.screenshot({ path: `${shots}/audit-empty.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  await page.goto("/admin/audit?action=sign-in");
  await expect(rows.filter({ hasText: "admin@demo.attest" }).first()).toBeVisible();
});

test("an admin sets a retention period and sees how many candidates it would erase", async ({ page }) => {
  await signInAs(page, "admin", "/admin/retention");
  await expect(page.getByText(/Retention is off/)).toBeVisible();
  await page.getByLabel("Retention period in days").fill("36500");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByText(/kept for 36500 days/)).toBeVisible();
  if (shots) {
    await page.screenshot({ path: `${shots}/retention-wide.png`, fullPage: true });
    await page.setViewportSize({ width: 400, height: 900 });
    await page.screenshot({ path: `${shots}/retention-narrow.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  await page.getByLabel("Retention period in days").fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/Retention is off/)).toBeVisible();
  await page.goto("/admin/audit?action=retention.set");
  await expect(page.getByRole("region", { name: "Audit entries" })).toContainText(
    "Set the retention period to 36500 days",
  );
  await expect(page.getByRole("region", { name: "Audit entries" })).toContainText("Turned the retention period off");
});

test("an admin previews a retention period without saving it, and repairs the search index from its page", async ({
  page,
}) => {
  await signInAs(page, "admin", "/admin/retention");
  await page.getByLabel("Retention period in days").fill("1");
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("status")).toContainText(/Setting 1 day would erase .* Nothing is saved/);
  await expect(page.getByText(/Retention is off/)).toBeVisible();
  if (shots) {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.screenshot({ path: `${shots}/retention-preview-wide.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${shots}/retention-preview-narrow.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  await page.getByRole("link", { name: "Search index" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Search index");
  await expect(page.getByText(/^(Consistent: the index matches the database\.|Not consistent: )/)).toBeVisible();
  await page.getByRole("button", { name: "Rebuild / repair" }).click();
  await expect(page.getByRole("status")).toContainText(/Nothing to repair|Queued \d+ index update/);
  if (shots) {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.screenshot({ path: `${shots}/index-check-wide.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${shots}/index-check-narrow.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  await page.goto("/admin/audit?action=search-index.repair");
  await expect(page.getByRole("region", { name: "Audit entries" })).toContainText("Repaired the search index");
});
