import type { Page } from "@playwright/test";
import { expect, open, signInAs, signTestBadge, submitCredential, test } from "./fixtures";

const run = Date.now().toString(36);
/** A skill no demo candidate holds, so the saved search's matches are this journey's own candidates. */
const SKILL = { name: `Kiln Firing ${run}`, url: `https://skills.example.org/kiln-firing-${run}` };

async function screenshots(page: Page, name: string, testInfo: { outputPath(name: string): string }) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-390.png`), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-1366.png`), fullPage: true });
}

/** Reloads until the indexer has caught up with a submission (it runs in the background). */
async function reloadUntil(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 20_000 });
}

test("a recruiter saves a search and sees one new match since the last visit; nobody else can open it", async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  const first = { name: `Ada Kiln ${run}`, email: `ada.kiln.${run}@example.com` };
  const second = { name: `Bea Kiln ${run}`, email: `bea.kiln.${run}@example.com` };
  await submitCredential(page, first, JSON.stringify(await signTestBadge(first, SKILL)));

  await signInAs(page, "recruiter", "/saved-searches");
  await expect(page.getByRole("heading", { name: "Saved searches" })).toBeVisible();
  await expect(page.getByText("No saved searches yet.")).toBeVisible();
  await screenshots(page, "saved-searches-empty", testInfo);

  // Search by the skill, then save the search under a name of one's own (the default describes the filters).
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Search candidates" }).click();
  await page.waitForLoadState("networkidle");
  const skillBox = page.getByRole("combobox", { name: "Verified skill" });
  await expect(async () => {
    await open(page, "/search");
    await skillBox.fill(SKILL.name);
    await skillBox.press("Enter");
    await page.waitForURL(/\/search\?skill=/);
    await expect(page.getByRole("link", { name: first.name })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const searchUrl = page.url();
  await page.getByText("Save this search").click();
  const name = page.getByRole("textbox", { name: "Name of the saved search" });
  await expect(name).toHaveValue(new RegExp(`Kiln Firing ${run}`, "i"));
  await name.fill("Kiln operators");
  await screenshots(page, "search-save-form", testInfo);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved as “Kiln operators”" })).toBeVisible();
  await screenshots(page, "search-saved", testInfo);

  // A second candidate gains the skill: one new match since the last visit.
  await submitCredential(page, second, JSON.stringify(await signTestBadge(second, SKILL)));
  await open(page, "/saved-searches");
  const saved = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Kiln operators" }) });
  await reloadUntil(page, () => expect(saved.getByText("1 new match since your last visit")).toBeVisible());
  await expect(saved.getByText("2 candidates match")).toBeVisible();
  await screenshots(page, "saved-searches-new", testInfo);
  const href = await saved.getByRole("link", { name: "Kiln operators" }).getAttribute("href");

  // Another staff member (an admin may search too) cannot open, see or change it.
  const other = await browser.newContext({ baseURL });
  const otherPage = await other.newPage();
  await signInAs(otherPage, "admin", "/saved-searches");
  await expect(otherPage.getByText("No saved searches yet.")).toBeVisible();
  expect((await otherPage.goto(href!))?.status()).toBe(404);
  await other.close();

  // Opening it shows the same search with both candidates and records the visit.
  await saved.getByRole("link", { name: "Kiln operators" }).click();
  await page.waitForURL(searchUrl);
  await expect(page.getByRole("link", { name: second.name })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Saved as “Kiln operators”" })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Saved searches" }).click();
  await page.waitForURL(/\/saved-searches$/);
  await expect(saved.getByText("No new matches since your last visit")).toBeVisible();

  // Rename, then delete.
  await saved.getByText("Rename").click();
  await saved.getByRole("textbox", { name: "New name for Kiln operators" }).fill("Kiln operators (night shift)");
  await saved.getByRole("button", { name: "Save name" }).click();
  const renamed = page.getByRole("link", { name: "Kiln operators (night shift)" });
  await expect(renamed).toBeVisible();
  await page.getByRole("button", { name: "Delete Kiln operators (night shift)" }).click();
  await expect(page.getByText("No saved searches yet.")).toBeVisible();
});
