import { rmSync, writeFileSync } from "node:fs";
import { expect, signInAs, test } from "./fixtures";

/** The app under test reads this file (playwright.config.ts ATTEST_SEARCH_FAULT_FILE): "fail-all" takes search down. */
const SEARCH_FAULT_FILE = ".data/e2e-search-fault";

test("with the search engine down, a recruiter is told so and can still reach shortlists and the review queue", async ({
  page,
}, testInfo) => {
  await signInAs(page, "verifier", "/search");
  try {
    writeFileSync(SEARCH_FAULT_FILE, "fail-all");
    const response = await page.goto("/search?q=python");
    expect(response?.status()).toBe(503);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Search is temporarily unavailable");
    await expect(page).toHaveTitle("Search is temporarily unavailable · Attest");
    const instead = page.getByRole("navigation", { name: "Where to go instead" });
    await expect(instead.getByRole("link", { name: "Search candidates" })).toHaveCount(0);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.screenshot({ path: testInfo.outputPath("search-down-1366.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: testInfo.outputPath("search-down-390.png"), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });

    await instead.getByRole("link", { name: "Review queue" }).click();
    await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
    await page.goBack();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Search is temporarily unavailable");
    await page
      .getByRole("navigation", { name: "Where to go instead" })
      .getByRole("link", { name: "Shortlists" })
      .click();
    await expect(page.getByRole("heading", { name: "Shortlists", level: 1 })).toBeVisible();
  } finally {
    rmSync(SEARCH_FAULT_FILE, { force: true });
  }
  // Once the engine is back, the same search answers again.
  const again = await page.goto("/search?q=python");
  expect(again?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Search candidates by verified skill" })).toBeVisible();
});

test("a candidate's broken invitation or withdrawal link speaks to the candidate", async ({ page }, testInfo) => {
  for (const [path, heading] of [
    ["/submit/not-a-real-invitation", "This invitation link does not work"],
    ["/withdraw/not-a-real-withdrawal", "This link does not work"],
  ]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(page).toHaveTitle(`${heading} · Attest`);
    await expect(page.getByRole("link", { name: /search/i })).toHaveCount(0);
    await expect(page.getByRole("main")).toContainText(/employer/);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: testInfo.outputPath(`${path.split("/")[1]}-broken-390.png`), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
  }
});

test("a staff error page has a title", async ({ page }) => {
  await signInAs(page, "recruiter", "/search");
  const response = await page.goto("/candidates/no-such-candidate");
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle(/· Attest$/);
  await expect(page).not.toHaveTitle("Attest");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});
